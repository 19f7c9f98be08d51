namespace ActorFabric.Cluster.Tests.Launch;

internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Topology(string name) => Path.Combine(Root, "topologies", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ActorFabric.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root (ActorFabric.sln) not found above " + AppContext.BaseDirectory);
    }
}
