using ActorFabric.Protocols.Bridging;

namespace ActorFabric.Fabric.DataPlane;

/// <summary>
/// What <see cref="DataPlaneTopology.ForNode"/> derives for one switch: the data-plane options and the port-name →
/// <see cref="PortId"/> map (use the same ids as <c>LinkStateRouter</c> interface ids for the fabric ports).
/// </summary>
public sealed record SwitchDataPlaneConfiguration(SwitchDataPlaneOptions Options, IReadOnlyDictionary<string, PortId> Ports);
