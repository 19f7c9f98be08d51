using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using ActorFabric.Cluster.Persistence;
using Npgsql;

namespace ActorFabric.Cluster.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server of the Debian package's binaries, private to the test run: a cluster made by initdb in a
/// temp folder, listening on 127.0.0.1 only at a free port, its unix socket in that folder, password authentication
/// over TCP. PostgreSQL refuses to run as root, so as root every command runs as the postgres user. Tests may stop
/// and start it (an outage); disposing stops it through pg_ctl (which signals the PID in postmaster.pid) and deletes
/// the folder.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    public const string Superuser = "postgres";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private readonly string bin;
    private readonly string folder;
    private readonly string data;
    private readonly string logFile;
    private readonly bool asPostgresUser;
    private int databases;

    public PostgresServer()
    {
        bin = FindBinaries();
        asPostgresUser = Environment.UserName == "root";
        folder = Path.Combine(Path.GetTempPath(), "actorfabric-pg-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
        data = Path.Combine(folder, "data");
        logFile = Path.Combine(folder, "server.log");
        // A password a URL must escape, so the tests go through FabricStore's decoding too.
        Password = "pw:" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + "@/";
        Port = FreePort();
        try
        {
            Initialize();
            Start();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int Port { get; }

    public string Password { get; }

    public bool Running { get; private set; }

    /// <summary>
    /// Connection string to the server's maintenance database, as the superuser. Unpooled: a pooled connection
    /// would be dead after a restart of the server, and the fixture's own queries are few.
    /// </summary>
    public string AdminConnectionString => Connection("postgres") + ";Pooling=false";

    /// <summary>A new, empty database and the <c>--store</c> URL for it.</summary>
    public string CreateDatabase(string prefix)
    {
        var name = $"{prefix}_{Interlocked.Increment(ref databases)}";
        using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            create.ExecuteNonQuery();
        }
        return $"postgres://{Superuser}:{Uri.EscapeDataString(Password)}@127.0.0.1:{Port}/{name}";
    }

    /// <summary>Npgsql connection string to <paramref name="database"/> as the superuser.</summary>
    public string Connection(string database)
        => FabricStore.Parse($"postgres://{Superuser}:{Uri.EscapeDataString(Password)}@127.0.0.1:{Port}/{database}").ConnectionString;

    /// <summary>Starts the server and waits until it accepts a query.</summary>
    public void Start()
    {
        AsServer(Path.Combine(bin, "pg_ctl"), "start", "-D", data, "-l", logFile, "-W").EnsureSuccess();
        Running = true;
        WaitReady();
    }

    /// <summary>
    /// Stops the server. "immediate" is a crash (every backend killed, crash recovery at the next start), "fast"
    /// a clean shutdown that still cuts every session.
    /// </summary>
    public void Stop(string mode = "fast")
    {
        if (!Running) return;
        AsServer(Path.Combine(bin, "pg_ctl"), "stop", "-D", data, "-m", mode, "-w", "-t", "30").EnsureSuccess();
        Running = false;
    }

    /// <summary>The server log's last lines, for failure messages.</summary>
    public string LogTail()
    {
        try
        {
            return string.Join('\n', File.ReadLines(logFile).TakeLast(40));
        }
        catch (IOException e)
        {
            return $"(no server log: {e.Message})";
        }
    }

    public void Dispose()
    {
        try
        {
            Stop();
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private static string FindBinaries()
    {
        var found = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(dir => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
                .OrderByDescending(dir => int.TryParse(Path.GetFileName(Path.GetDirectoryName(dir)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException(
            "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb and pg_ctl): run scripts/test.sh, "
            + "which installs the Debian package postgresql, or apt-get install postgresql");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Initialize()
    {
        Directory.CreateDirectory(folder);
        var passwordFile = Path.Combine(folder, "password");
        File.WriteAllText(passwordFile, Password + "\n");
        if (asPostgresUser) ChildProcess.Run("chown", ["-R", Superuser + ":", folder], CommandTimeout).EnsureSuccess();
        AsServer(Path.Combine(bin, "initdb"), "-D", data, "-U", Superuser, "--pwfile", passwordFile, "-E", "UTF8",
            "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync").EnsureSuccess();
        File.Delete(passwordFile);
        // Test data only: durability against an OS crash is not what these tests are about, speed is. Commits stay
        // synchronous: with synchronous_commit off an immediate stop (a crash) loses acknowledged transactions.
        File.AppendAllText(Path.Combine(data, "postgresql.conf"), string.Create(CultureInfo.InvariantCulture, $"""

            listen_addresses = '127.0.0.1'
            port = {Port}
            unix_socket_directories = '{folder}'
            fsync = off
            full_page_writes = off
            max_connections = 100
            """));
    }

    private void WaitReady()
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        using var probe = new NpgsqlConnection(AdminConnectionString + ";Timeout=2");
        while (clock.Elapsed < ReadyTimeout)
        {
            try
            {
                probe.Open();
                using var query = new NpgsqlCommand("SELECT 1", probe);
                query.ExecuteScalar();
                probe.Close();
                return;
            }
            catch (Exception e) when (e is NpgsqlException or SocketException or InvalidOperationException)
            {
                last = e;
                probe.Close();
            }
            Thread.Sleep(50); // a poll interval, not a wait for the behaviour
        }
        throw new TimeoutException($"PostgreSQL on port {Port} not ready within {ReadyTimeout.TotalSeconds} s ({last?.Message}); server log:\n{LogTail()}");
    }

    private ChildProcess.Result AsServer(string file, params string[] args)
        => asPostgresUser
            ? ChildProcess.Run("runuser", ["-u", Superuser, "--", file, .. args], CommandTimeout)
            : ChildProcess.Run(file, args, CommandTimeout);
}
