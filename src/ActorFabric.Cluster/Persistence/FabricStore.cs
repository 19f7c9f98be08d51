using System.Globalization;
using System.Text;
using Akka.Configuration;
using Akka.Persistence.Sql;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ActorFabric.Cluster.Persistence;

/// <summary>
/// The database named by <c>--store</c>, where every device journal lives: <c>sqlite:PATH</c> (a file, created on
/// first use) or <c>postgres://USER:PASSWORD@HOST:PORT/DB</c> (also <c>postgresql://</c>; port 5432 by default;
/// Npgsql options may follow as <c>?key=value&amp;…</c>). <see cref="ToConfig"/> turns it into the HOCON that makes
/// Akka.Persistence.Sql the journal and snapshot store. <see cref="ToString"/> is <see cref="Display"/>, so a store
/// written to a log never shows its password.
/// </summary>
public sealed class FabricStore
{
    /// <summary>The option whose value <see cref="Parse"/> reads; named in every error.</summary>
    public const string Option = "--store";

    /// <summary>Journal rows, one per record (schema created on first use).</summary>
    public const string JournalTable = "fabric_journal";

    /// <summary>Only used if delete-compatibility-mode is turned on; named so it never collides with another application's.</summary>
    public const string JournalMetadataTable = "fabric_journal_metadata";

    /// <summary>Event tags: device records carry none, so they are kept as CSV in the journal row and this table stays unused.</summary>
    public const string TagTable = "fabric_journal_tag";

    /// <summary>One <see cref="DeviceMemory"/> per device (older ones are deleted once a newer one is saved).</summary>
    public const string SnapshotTable = "fabric_snapshot";

    /// <summary>linq2db's name for SQLite through Microsoft.Data.Sqlite (LinqToDB.ProviderName.SQLiteMS).</summary>
    public const string SqliteProvider = "SQLite.MS";

    /// <summary>
    /// linq2db's PostgreSQL 15 dialect (LinqToDB.ProviderName.PostgreSQL15): naming the version skips linq2db's
    /// detection, which would need the server at start-up; newer servers speak it too.
    /// </summary>
    public const string PostgresProvider = "PostgreSQL.15";

    private const int DefaultPostgresPort = 5432;
    private const string Usage = "use sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DB";

    private FabricStore(FabricStoreKind kind, string connectionString, string display)
    {
        Kind = kind;
        ConnectionString = connectionString;
        Display = display;
    }

    public FabricStoreKind Kind { get; }

    /// <summary>ADO.NET connection string (Microsoft.Data.Sqlite or Npgsql); holds the password.</summary>
    public string ConnectionString { get; }

    /// <summary>The store as a user wrote it, with the password replaced by <c>***</c>.</summary>
    public string Display { get; }

    public string ProviderName => Kind == FabricStoreKind.Sqlite ? SqliteProvider : PostgresProvider;

    /// <summary>Parses the value of <c>--store</c>; <exception cref="FormatException">names the value and what is wrong with it.</exception></summary>
    public static FabricStore Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Trim().Length == 0) throw Bad(value, "empty");
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) throw Bad(value, "no scheme");
        var scheme = value[..colon];
        if (scheme.Equals("sqlite", StringComparison.OrdinalIgnoreCase)) return Sqlite(value, value[(colon + 1)..]);
        if (scheme.Equals("postgres", StringComparison.OrdinalIgnoreCase) || scheme.Equals("postgresql", StringComparison.OrdinalIgnoreCase))
            return Postgres(value, scheme.ToLowerInvariant());
        throw Bad(value, $"unknown scheme '{scheme}'");
    }

    /// <summary>
    /// HOCON making Akka.Persistence.Sql the default journal and snapshot store on this database, with the tables
    /// created on first use, and binding <see cref="DeviceRecord"/> and <see cref="DeviceMemory"/> to
    /// <see cref="DeviceRecordSerializer"/>. Lay it over the system's other configuration.
    /// </summary>
    public Config ToConfig()
    {
        var connection = Quote(ConnectionString);
        var provider = Quote(ProviderName);
        var serializer = Quote(TypeName(typeof(DeviceRecordSerializer)));
        // A journal's circuit breaker opens after max-failures and then refuses every call for reset-timeout; the
        // defaults (30 s, 60 s for snapshots) would keep a device from resuming that long after the database is
        // back. DeviceJournalKeeper already backs off, so the breakers only need to stop a stampede.
        var hocon = $$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql {
                  connection-string = {{connection}}
                  provider-name = {{provider}}
                  table-mapping = default
                  auto-initialize = on
                  tag-write-mode = Csv
                  default {
                    journal.table-name = {{JournalTable}}
                    metadata.table-name = {{JournalMetadataTable}}
                    tag.table-name = {{TagTable}}
                  }
                  circuit-breaker { max-failures = 10, call-timeout = 10s, reset-timeout = 1s }
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  connection-string = {{connection}}
                  provider-name = {{provider}}
                  table-mapping = default
                  auto-initialize = on
                  default.snapshot.table-name = {{SnapshotTable}}
                  # A journal deletes the records its snapshot covers: recovering without the snapshot would lose them.
                  snapshot-is-optional = off
                  circuit-breaker { max-failures = 10, call-timeout = 10s, reset-timeout = 1s }
                }
              }
            }
            akka.actor {
              serializers.device-record = {{serializer}}
              serialization-bindings {
                {{Quote(TypeName(typeof(DeviceRecord)))}} = device-record
                {{Quote(TypeName(typeof(DeviceMemory)))}} = device-record
              }
              serialization-identifiers {
                {{serializer}} = {{DeviceRecordSerializer.Id}}
              }
            }
            """;
        // The plugin's reference.conf (plugin classes, column names, defaults) is not loaded by Akka on its own.
        return ConfigurationFactory.ParseString(hocon).WithFallback(SqlPersistence.DefaultConfiguration);
    }

    public override string ToString() => Display;

    private static FabricStore Sqlite(string value, string path)
    {
        if (path.Length == 0) throw Bad(value, "missing the file path after 'sqlite:'");
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Bad(value, $"'{path}' is not a file path ({e.Message})");
        }
        if (Directory.Exists(full)) throw Bad(value, $"'{path}' is a directory; name the database file");
        var connection = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate };
        return new FabricStore(FabricStoreKind.Sqlite, connection.ConnectionString, "sqlite:" + path);
    }

    private static FabricStore Postgres(string value, string scheme)
    {
        if (!value.AsSpan(scheme.Length + 1).StartsWith("//", StringComparison.Ordinal))
            throw Bad(value, $"expected '{scheme}://' followed by USER:PASSWORD@HOST:PORT/DB");
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)) throw Bad(value, "not a valid URL (is the port a number up to 65535, and are '@', ':' and '/' in the password written as %40, %3A and %2F?)");
        if (uri.Fragment.Length > 0) throw Bad(value, "a '#' has no meaning here (write it as %23 in a password)");

        var userInfo = uri.UserInfo;
        if (userInfo.Length == 0) throw Bad(value, "missing the user (USER:PASSWORD@ before the host)");
        var split = userInfo.IndexOf(':', StringComparison.Ordinal);
        var user = Uri.UnescapeDataString(split < 0 ? userInfo : userInfo[..split]);
        var password = split < 0 ? null : Uri.UnescapeDataString(userInfo[(split + 1)..]);
        if (user.Length == 0) throw Bad(value, "missing the user (USER:PASSWORD@ before the host)");

        var host = uri.IdnHost;
        if (host.Length == 0) throw Bad(value, "missing the host");
        var port = uri.IsDefaultPort || uri.Port < 0 ? DefaultPostgresPort : uri.Port;
        if (port == 0) throw Bad(value, "port 0 is not a server's port");

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length == 0) throw Bad(value, "missing the database name (/DB after the host and port)");
        if (uri.AbsolutePath.TrimStart('/').Contains('/', StringComparison.Ordinal)) throw Bad(value, $"'{uri.AbsolutePath}' is not a database name (one path segment)");

        var connection = new NpgsqlConnectionStringBuilder { Host = host, Port = port, Username = user, Database = database };
        if (password is not null) connection.Password = password;
        var shownOptions = new List<string>();
        foreach (var option in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = option.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw Bad(value, $"option '{option}' is not KEY=VALUE");
            var key = Uri.UnescapeDataString(option[..eq]);
            var setting = Uri.UnescapeDataString(option[(eq + 1)..]);
            try
            {
                connection[key] = setting;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
            {
                throw Bad(value, $"option '{key}' is not an Npgsql connection option or its value is wrong ({e.Message})");
            }
            shownOptions.Add(key.Contains("pass", StringComparison.OrdinalIgnoreCase) ? key + "=***" : option);
        }

        var display = new StringBuilder(scheme).Append("://").Append(Uri.EscapeDataString(user));
        if (password is not null) display.Append(":***");
        display.Append('@').Append(uri.Host).Append(':').Append(port.ToString(CultureInfo.InvariantCulture))
            .Append('/').Append(Uri.EscapeDataString(database));
        if (shownOptions.Count > 0) display.Append('?').Append(string.Join('&', shownOptions));
        return new FabricStore(FabricStoreKind.Postgres, connection.ConnectionString, display.ToString());
    }

    private static FormatException Bad(string value, string problem)
        => new($"{Option} '{Redact(value)}': {problem}; {Usage}");

    /// <summary>The option value with any password between "://USER:" and "@" starred, for error messages.</summary>
    private static string Redact(string value)
    {
        var start = value.IndexOf("://", StringComparison.Ordinal);
        if (start < 0) return value;
        var at = value.LastIndexOf('@');
        if (at < start) return value;
        var colon = value.IndexOf(':', start + 3);
        return colon < 0 || colon > at ? value : value[..(colon + 1)] + "***" + value[at..];
    }

    private static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    /// <summary>A HOCON quoted string (JSON escaping), so any connection string survives the parser.</summary>
    private static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': quoted.Append("\\\""); break;
                case '\\': quoted.Append("\\\\"); break;
                case < ' ': quoted.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: quoted.Append(c); break;
            }
        }
        return quoted.Append('"').ToString();
    }
}
