namespace ActorFabric.Cli.Bench;

/// <summary>Files of the repository the benchmarks use, found from wherever the CLI runs (the working directory or upwards from the binary).</summary>
internal static class RepositoryPath
{
    /// <summary>The path as given when it exists, else relative to a folder above the binary (so defaults work from any directory).</summary>
    public static string? Resolve(string path)
    {
        if (File.Exists(path)) return path;
        return Path.IsPathRooted(path) ? null : Upwards(path);
    }

    /// <summary>The first existing <paramref name="relative"/> file under the binary's folder or one of its parents.</summary>
    public static string? Upwards(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
