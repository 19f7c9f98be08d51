using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cli.Output;

/// <summary>A rejected topology on stderr: its problems as FILE:LINE:COL lines (the first 100), then a count.</summary>
public static class TopologyProblems
{
    public const int MaxListed = 100;

    public static void Write(IReadOnlyList<TopologyError> problems, TextWriter error, string consequence)
    {
        for (int i = 0; i < problems.Count && i < MaxListed; i++) error.WriteLine(problems[i]);
        if (problems.Count > MaxListed) error.WriteLine($"… and {problems.Count - MaxListed} more");
        error.WriteLine($"{problems.Count} problem{(problems.Count == 1 ? "" : "s")}; {consequence}.");
    }
}
