using ActorFabric.Wire.Underlay;

namespace ActorFabric.Protocols.Underlay;

/// <summary>A read-only view of one interface's adjacency.</summary>
public readonly record struct AdjacencyInfo(int InterfaceId, bool InterfaceUp, LinkStateAdjacencyState State, uint NeighborRouterId, uint Metric);
