namespace ActorFabric.Fabric.Topology;

/// <summary>A point-to-point link between two switches' ports; <see cref="A"/>/<see cref="B"/> are node indices.</summary>
public readonly record struct FabricLink(
    int Index,
    int A,
    string APort,
    int B,
    string BPort,
    TimeSpan Latency,
    double Loss,
    LinkState State)
{
    /// <summary>The far end seen from <paramref name="node"/>.</summary>
    public int Peer(int node) => node == A ? B : A;

    public string PortOf(int node) => node == A ? APort : BPort;
}
