namespace ActorFabric.Fabric.Topology;

/// <summary>Where a topology item came from: file, 1-based line and column.</summary>
public readonly record struct SourceMark(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
