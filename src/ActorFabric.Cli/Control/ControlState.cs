using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ActorFabric.Cli.Control;

/// <summary>
/// What a running <c>actorfabric up</c> writes so that <c>show</c>, <c>ping</c>, <c>capture</c> and <c>chaos</c>
/// find it: the fabric's name, the control API's address and token, the process and the topology. Each running
/// fabric has its own entry (one file) in the state directory, readable by its owner only (it holds the token);
/// <c>up</c> removes its own entry when it stops and never touches another's.
/// </summary>
public sealed partial record ControlState(string Url, int Pid, string Topology, string TopologyFile, string Clock)
{
    /// <summary>The name clients pick the fabric by (<c>--fabric NAME</c>): the topology's name, made unique.</summary>
    public string Fabric { get; init; } = Topology;

    /// <summary>The bearer token of the run's control API.</summary>
    public string? Token { get; init; }

    private const string EntryPrefix = "fabric-";

    /// <summary>
    /// <c>$ACTORFABRIC_STATE_DIR</c> if set, else <c>$XDG_RUNTIME_DIR/actorfabric</c>, else <c>~/.actorfabric</c>.
    /// </summary>
    public static string DefaultDirectory
    {
        get
        {
            if (Environment.GetEnvironmentVariable("ACTORFABRIC_STATE_DIR") is { Length: > 0 } explicitDir) return explicitDir;
            if (Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } runtimeDir && Directory.Exists(runtimeDir))
                return Path.Combine(runtimeDir, "actorfabric");
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".actorfabric");
        }
    }

    /// <summary><c>$ACTORFABRIC_STATE_FILE</c>: one explicit state file instead of the directory (scripts, tests).</summary>
    public static string? ExplicitFile =>
        Environment.GetEnvironmentVariable("ACTORFABRIC_STATE_FILE") is { Length: > 0 } path ? path : null;

    /// <summary>
    /// Adds an entry for this fabric to <paramref name="directory"/> under the first free name of
    /// <paramref name="name"/>, <c>name-2</c>, <c>name-3</c>, … (entries of stopped processes are free), and returns
    /// the entry with its name and the file written.
    /// </summary>
    public ControlState Register(string directory, out string path)
    {
        CreatePrivateDirectory(directory);
        var baseName = SafeName(Topology);
        for (int n = 1; ; n++)
        {
            var name = n == 1 ? baseName : $"{baseName}-{n}";
            path = EntryPath(directory, name);
            var entry = this with { Fabric = name };
            if (TryRead(path) is { } existing && existing.IsAlive) continue;
            try
            {
                // CreateNew: two `up`s racing for one name cannot both win it.
                if (File.Exists(path)) File.Delete(path);
                WritePrivate(path, entry, FileMode.CreateNew);
                return entry;
            }
            catch (IOException) when (File.Exists(path))
            {
            }
        }
    }

    /// <summary>Writes (replaces) an explicit state file, owner-only.</summary>
    public void Write(string path)
    {
        CreatePrivateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        if (File.Exists(temp)) File.Delete(temp);
        WritePrivate(temp, this, FileMode.CreateNew);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The live fabrics of <paramref name="directory"/>, by name; entries of processes gone are removed.</summary>
    public static List<ControlState> List(string directory)
    {
        var live = new List<ControlState>();
        if (!Directory.Exists(directory)) return live;
        foreach (var path in Directory.EnumerateFiles(directory, EntryPrefix + "*.json"))
        {
            if (TryRead(path) is not { } entry) continue;
            if (entry.IsAlive) live.Add(entry);
            else TryDelete(path);
        }
        live.Sort((a, b) => string.CompareOrdinal(a.Fabric, b.Fabric));
        return live;
    }

    public static ControlState? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? Output.CliJson.Deserialize<ControlState>(File.ReadAllText(path)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>Removes the file only if it still describes this API (a newer <c>up</c> may have replaced it).</summary>
    public static void RemoveIfOwned(string path, string url)
    {
        if (TryRead(path) is { } current && current.Url == url) TryDelete(path);
    }

    /// <summary>Whether the process that wrote the entry still runs.</summary>
    public bool IsAlive
    {
        get
        {
            if (Pid == Environment.ProcessId) return true;
            try
            {
                using var process = Process.GetProcessById(Pid);
                return !process.HasExited;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                return false;
            }
        }
    }

    public static string EntryPath(string directory, string name) => Path.Combine(directory, $"{EntryPrefix}{name}.json");

    private static string SafeName(string name)
    {
        var safe = UnsafeCharacters().Replace(name, "-");
        return safe.Length is 0 or > 64 ? "fabric" : safe;
    }

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex UnsafeCharacters();

    private static void CreatePrivateDirectory(string directory)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
        else Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>Created owner-only (0600) from the start: the token is never readable by others, not even briefly.</summary>
    private static void WritePrivate(string path, ControlState state, FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(Output.CliJson.Serialize(state, indented: true));
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
