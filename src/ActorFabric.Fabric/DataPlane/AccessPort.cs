using ActorFabric.Protocols.Bridging;

namespace ActorFabric.Fabric.DataPlane;

/// <summary>
/// An access (attachment-circuit) port of a leaf in one VLAN. Untagged: frames on the wire carry no 802.1Q tag and
/// belong to <see cref="Vlan"/>. Tagged: frames carry an 802.1Q tag whose VID must equal <see cref="Vlan"/>.
/// <see cref="Esi"/> is non-zero when the port is this leaf's link of a multihomed Ethernet segment.
/// </summary>
public sealed record AccessPort(PortId Port, ushort Vlan, bool Tagged = false, Wire.Bgp.EthernetSegmentId Esi = default);
