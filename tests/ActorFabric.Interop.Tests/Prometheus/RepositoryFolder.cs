namespace ActorFabric.Interop.Tests.Prometheus;

/// <summary>Files of the repository (the first folder above the test binaries holding ActorFabric.sln).</summary>
internal static class RepositoryFolder
{
    public static string Root { get; } = Find();

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "ActorFabric.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no ActorFabric.sln above {AppContext.BaseDirectory}");
    }
}
