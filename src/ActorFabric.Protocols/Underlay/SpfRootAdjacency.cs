namespace ActorFabric.Protocols.Underlay;

/// <summary>One Up adjacency of the computing router: SPF's first hops.</summary>
public readonly record struct SpfRootAdjacency(int InterfaceId, uint NeighborRouterId, uint Metric);
