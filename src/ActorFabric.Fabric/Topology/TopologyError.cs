namespace ActorFabric.Fabric.Topology;

/// <summary>One problem in a topology file, printed as <c>FILE:LINE:COL: problem</c>.</summary>
public sealed record TopologyError(string File, int Line, int Column, string Message)
{
    public TopologyError(SourceMark at, string message) : this(at.File, at.Line, at.Column, message) { }

    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
