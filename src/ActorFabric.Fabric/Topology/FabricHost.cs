namespace ActorFabric.Fabric.Topology;

/// <summary>
/// An end host on an access port of a leaf, untagged in <see cref="Vlan"/> (which maps to <see cref="Vni"/>).
/// A value type so 100,000 hosts are one array. Addresses: see <see cref="AddressSyntax"/>. A host on an Ethernet
/// segment (<see cref="Segment"/> ≥ 0, an index into <see cref="FabricTopology.EthernetSegments"/>) is a server with a
/// LAG; <see cref="Leaf"/> and <see cref="Port"/> are then the segment's first member.
/// A value type so 100,000 hosts are one array. Addresses: see <see cref="AddressSyntax"/>.
/// <see cref="StaticMac"/>: the leaf configures the host's MAC as a static (sticky) entry on the host's port, advertised
/// with the sticky flag and never moved (RFC 7432 §15.2).
/// <see cref="Gateway"/>: the host's default gateway, the anycast gateway of its VLAN when an IP-VRF routes it (RFC 9135
/// §4.1), else 0.
/// <see cref="Ipv6"/>/<see cref="Ipv6PrefixLength"/>: the host's IPv6 address in its VLAN's <c>gateway6</c> prefix
/// (length 0: no IPv6), with <see cref="Gateway6"/> that VLAN's anycast gateway as default router.
/// </summary>
public readonly record struct FabricHost(
    int Index,
    string Name,
    int Leaf,
    string Port,
    int BroadcastDomain,
    ushort Vlan,
    uint Vni,
    ulong Mac,
    uint Ipv4,
    byte PrefixLength,
    bool StaticMac = false,
    int Segment = -1,
    uint Gateway = 0,
    UInt128 Ipv6 = default,
    byte Ipv6PrefixLength = 0,
    UInt128 Gateway6 = default)
{
    public bool HasIpv6 => Ipv6PrefixLength != 0;
    public string Ipv6Text => HasIpv6 ? $"{AddressSyntax.FormatIpv6(Ipv6)}/{Ipv6PrefixLength}" : "";
    public bool IsMultihomed => Segment >= 0;

    public string MacText => AddressSyntax.FormatMac(Mac);
    public string Ipv4Text => AddressSyntax.FormatIpv4Prefix(Ipv4, PrefixLength);
    public bool HasGateway => Gateway != 0;
}
