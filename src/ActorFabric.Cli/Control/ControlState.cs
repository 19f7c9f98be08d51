namespace ActorFabric.Cli.Control;

/// <summary>
/// What a running <c>actorfabric up</c> writes so that <c>show</c>, <c>ping</c>, <c>capture</c> and <c>chaos</c>
/// find it: the control API's address, the process and the topology. One file per user: the latest <c>up</c>
/// wins, and <c>up</c> removes it when it stops.
/// </summary>
public sealed record ControlState(string Url, int Pid, string Topology, string TopologyFile, string Clock)
{
    /// <summary>
    /// <c>$ACTORFABRIC_STATE_FILE</c> if set, else <c>$XDG_RUNTIME_DIR/actorfabric/current.json</c>, else
    /// <c>~/.actorfabric/current.json</c>.
    /// </summary>
    public static string DefaultPath
    {
        get
        {
            if (Environment.GetEnvironmentVariable("ACTORFABRIC_STATE_FILE") is { Length: > 0 } explicitPath) return explicitPath;
            if (Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } runtimeDir && Directory.Exists(runtimeDir))
                return Path.Combine(runtimeDir, "actorfabric", "current.json");
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".actorfabric", "current.json");
        }
    }

    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        File.WriteAllText(temp, Output.CliJson.Serialize(this, indented: true));
        File.Move(temp, path, overwrite: true);
    }

    public static ControlState? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? Output.CliJson.Deserialize<ControlState>(File.ReadAllText(path)) : null;
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>Removes the file only if it still describes this API (a newer <c>up</c> may have replaced it).</summary>
    public static void RemoveIfOwned(string path, string url)
    {
        if (TryRead(path) is { } current && current.Url == url)
        {
            try { File.Delete(path); } catch (IOException) { }
        }
    }
}
