using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Routing;

/// <summary>
/// One IRB interface of an IP-VRF: the router port of the bridge domain <see cref="Vlan"/>/<see cref="Vni"/>.
/// With an anycast gateway (RFC 9135 §4.1 option 1) every leaf configures the same gateway addresses and the same
/// <see cref="VirtualMac"/> for a bridge domain, so a host keeps its gateway ARP entry when it moves.
/// The gateway prefixes hold the gateway's own address and the subnet length ("10.1.1.1/24").
/// </summary>
public sealed record IrbInterfaceOptions(ushort Vlan, uint Vni, MacAddress VirtualMac)
{
    public IpPrefix? GatewayIpv4 { get; init; }
    public IpPrefix? GatewayIpv6 { get; init; }

    /// <summary>
    /// The auto-derived anycast MAC of RFC 9135 §4.1: 00-00-5E-00-01-{VRID} (IPv4 VRRP range), VRID 1–255.
    /// </summary>
    public static MacAddress AutoDerivedIpv4VirtualMac(byte vrid = 1) => new(0x0000_5E00_0100UL | vrid);
}
