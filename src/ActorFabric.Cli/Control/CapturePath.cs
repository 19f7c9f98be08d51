namespace ActorFabric.Cli.Control;

/// <summary>
/// Where a capture may be written: a new or existing regular file inside the capture folder (the working
/// directory of <c>up</c>, or <c>--capture-dir</c>), never a directory, a link, or a place outside it.
/// </summary>
public static class CapturePath
{
    /// <summary>The full path to write, or a <see cref="FormatException"/> saying why not.</summary>
    public static string Check(string path, string captureDirectory)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(captureDirectory));
        string full;
        try
        {
            full = Path.GetFullPath(path, root);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new FormatException($"bad capture path '{FabricNames.Clip(path)}'");
        }
        if (full == root)
            throw new FormatException($"capture path '{FabricNames.Clip(path)}' is a directory: give a file name, e.g. {Path.Combine(path, "capture.pcap")}");
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new FormatException($"capture path '{FabricNames.Clip(path)}' is outside {root}: captures are written only inside the working directory of `actorfabric up` (or its --capture-dir)");
        if (Directory.Exists(full))
            throw new FormatException($"capture path '{FabricNames.Clip(path)}' is a directory: give a file name, e.g. {Path.Combine(path, "capture.pcap")}");
        var parent = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(parent))
            throw new FormatException($"capture path '{FabricNames.Clip(path)}': the directory {parent} does not exist");
        // A link inside the folder could point anywhere: refuse links on the way, and as the file itself.
        for (var at = full; at.Length > root.Length; at = Path.GetDirectoryName(at)!)
            if (new FileInfo(at).LinkTarget is not null)
                throw new FormatException($"capture path '{FabricNames.Clip(path)}' goes through a symbolic link ({at})");
        return full;
    }
}
