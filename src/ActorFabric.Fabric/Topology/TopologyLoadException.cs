namespace ActorFabric.Fabric.Topology;

/// <summary>A topology file was rejected; <see cref="Errors"/> lists every problem found, in file order.</summary>
public sealed class TopologyLoadException : Exception
{
    public TopologyLoadException(IReadOnlyList<TopologyError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<TopologyError> Errors { get; }

    private static string Describe(IReadOnlyList<TopologyError> errors)
    {
        var text = new System.Text.StringBuilder();
        text.Append(errors.Count == 1 ? "1 problem in the topology:" : $"{errors.Count} problems in the topology:");
        foreach (var e in errors) text.Append('\n').Append(e);
        return text.ToString();
    }
}
