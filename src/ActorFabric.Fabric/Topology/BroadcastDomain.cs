namespace ActorFabric.Fabric.Topology;

/// <summary>
/// One VLAN ↔ VNI mapping inside a MAC-VRF, with the host subnet used for auto-assigned addresses.
/// <see cref="EthernetTag"/> is what EVPN routes of this domain carry: 0 for VLAN-based service
/// (RFC 7432 §6.1), the VNI for VLAN-aware bundles with global VNIs (RFC 8365 §5.1.3).
/// With IP-VRFs: <see cref="IpVrf"/> is the index into <see cref="FabricTopology.IpVrfs"/> routing this domain (-1 when
/// none) and <see cref="Gateway"/> its anycast gateway IPv4 address (0 when none; the subnet's first address by default),
/// <see cref="Gateway6"/>/<see cref="Gateway6PrefixLength"/> the IPv6 one (length 0 when none).
/// </summary>
public readonly record struct BroadcastDomain(
    int Index,
    uint Vni,
    ushort Vlan,
    int MacVrf,
    uint EthernetTag,
    uint Subnet,
    int PrefixLength,
    uint Gateway = 0,
    UInt128 Gateway6 = default,
    int Gateway6PrefixLength = 0,
    int IpVrf = -1);
