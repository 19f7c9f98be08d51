namespace ActorFabric.Fabric.Runtime;

/// <summary>A device's underlay (link-state) routing table.</summary>
public sealed record UnderlayRouteList(string Device, IReadOnlyList<UnderlayRouteRow> Routes);

/// <param name="Prefix">"10.0.0.3/32".</param>
public sealed record UnderlayRouteRow(string Prefix, uint Metric, bool Local, IReadOnlyList<UnderlayNextHopRow> NextHops);

public sealed record UnderlayNextHopRow(string Port, string Neighbor);
