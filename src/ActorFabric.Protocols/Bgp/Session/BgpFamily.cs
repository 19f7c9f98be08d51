using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Bgp.Session;

/// <summary>An address family (AFI/SAFI pair, RFC 4760 §5) a session can carry.</summary>
public readonly record struct BgpFamily(ushort Afi, byte Safi)
{
    public static readonly BgpFamily L2vpnEvpn = new(BgpConstants.AfiL2vpn, BgpConstants.SafiEvpn);
    public static readonly BgpFamily Ipv4Unicast = new(BgpConstants.AfiIpv4, BgpConstants.SafiUnicast);
    /// <summary>Route target membership (RFC 4684 §4): AFI 1, SAFI 132.</summary>
    public static readonly BgpFamily RouteTargetConstraint = new(BgpConstants.AfiIpv4, BgpConstants.SafiRouteTargetConstraint);

    public override string ToString() => this == L2vpnEvpn ? "l2vpn-evpn" : this == Ipv4Unicast ? "ipv4-unicast" : this == RouteTargetConstraint ? "route-target" : $"afi{Afi}/safi{Safi}";
}
