using ActorFabric.Protocols.Bridging;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.DataPlane;

/// <summary>
/// A routed point-to-point underlay port. <see cref="Port"/>'s value is also the port's interface id in the
/// device's <c>LinkStateRouter</c>, so an <c>UnderlayNextHop.InterfaceId</c> names the port directly.
/// <see cref="NeighborMac"/> is the fabric MAC of the device across the link (the next-hop MAC; no ARP in the underlay).
/// </summary>
public sealed record FabricPort(PortId Port, uint NeighborRouterId, MacAddress NeighborMac);
