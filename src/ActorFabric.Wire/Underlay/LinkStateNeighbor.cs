namespace ActorFabric.Wire.Underlay;

/// <summary>One adjacency advertised in a link-state packet: the neighbor and the cost to reach it.</summary>
public readonly record struct LinkStateNeighbor(uint RouterId, uint Metric);
