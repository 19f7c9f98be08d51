namespace ActorFabric.Fabric.Topology;

/// <summary>
/// One VLAN ↔ VNI mapping inside a MAC-VRF, with the host subnet used for auto-assigned addresses.
/// <see cref="EthernetTag"/> is what EVPN routes of this domain carry: 0 for VLAN-based service
/// (RFC 7432 §6.1), the VNI for VLAN-aware bundles with global VNIs (RFC 8365 §5.1.3).
/// </summary>
public readonly record struct BroadcastDomain(
    int Index,
    uint Vni,
    ushort Vlan,
    int MacVrf,
    uint EthernetTag,
    uint Subnet,
    int PrefixLength);
