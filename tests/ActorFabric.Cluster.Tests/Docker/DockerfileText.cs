namespace ActorFabric.Cluster.Tests.Docker;

/// <summary>The instructions of docker/Dockerfile, one per line (comments and blank lines left out).</summary>
internal static class DockerfileText
{
    public static IReadOnlyList<string> Instructions { get; } =
        File.ReadAllLines(RepositoryRoot.File("docker", "Dockerfile"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();

    /// <summary>The arguments of the last instruction named <paramref name="keyword"/>, or "".</summary>
    public static string Last(string keyword) =>
        Instructions.LastOrDefault(l => l.StartsWith(keyword + " ", StringComparison.OrdinalIgnoreCase))?[(keyword.Length + 1)..].Trim() ?? "";

    /// <summary>The user the final image runs as, with the aspnet image's $APP_UID (1654, user "app") resolved.</summary>
    public static string FinalUser => Last("USER").Replace("$APP_UID", "1654", StringComparison.Ordinal).Replace("${APP_UID}", "1654", StringComparison.Ordinal);
}
