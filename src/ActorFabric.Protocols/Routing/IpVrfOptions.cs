using System.Net;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Routing;

/// <summary>Configuration of one tenant IP-VRF on a VTEP (RFC 9135 §5, RFC 9136 §4.4).</summary>
public sealed record IpVrfOptions
{
    public required string Name { get; init; }
    /// <summary>RD of the type-5 routes this VRF originates (RFC 7432 §7.9 style, unique per VRF on the VTEP).</summary>
    public required RouteDistinguisher RouteDistinguisher { get; init; }
    /// <summary>This VTEP's address: the next hop of originated routes; routes with this next hop are our own.</summary>
    public required IPAddress LocalVtep { get; init; }
    /// <summary>A type-2 host route or type-5 route is imported when it carries at least one of these.</summary>
    public required IReadOnlyList<ExtendedCommunity> ImportRouteTargets { get; init; }
    /// <summary>Attached to the type-5 routes, and to MAC+IP routes of this VRF's VLANs in symmetric mode (RFC 9135 §9.1.1).</summary>
    public required IReadOnlyList<ExtendedCommunity> ExportRouteTargets { get; init; }
    /// <summary>The VRF's VNI on the fabric: Label2 of symmetric MAC+IP routes and the type-5 label (global VNI mode, RFC 9135 §5.4).</summary>
    public required uint L3Vni { get; init; }
    /// <summary>This VTEP's system MAC, carried in the Router's MAC EC and used as inner source MAC on the L3 VNI (RFC 9135 §5.1, §8.1).</summary>
    public required MacAddress RouterMac { get; init; }
    public required IReadOnlyList<IrbInterfaceOptions> Irbs { get; init; }
    public IrbMode Mode { get; init; } = IrbMode.Symmetric;
    public PrefixAdvertisementModel PrefixModel { get; init; } = PrefixAdvertisementModel.InterfaceLess;
    /// <summary>
    /// Ingress VM traffic optimisation: give MAC+IP routes of local hosts the L3 VNI, the VRF's RTs and the Router's
    /// MAC so that remote leaves install /32 and /128 host routes and reach a host where it is now, not through a
    /// subnet route to any leaf of its subnet (vxlan-and-l3 §11). Off reproduces the trombone.
    /// </summary>
    public bool AdvertiseHostRoutes { get; init; } = true;
    /// <summary>External or static prefixes this VTEP (a border leaf) originates as type-5 and delivers outside the fabric.</summary>
    public IReadOnlyList<IpPrefix> StaticPrefixes { get; init; } = [];
    /// <summary>This VTEP's own (not anycast) IPv4 address on the SBD: the GW IP of <see cref="PrefixAdvertisementModel.GatewayIpOverlayIndex"/>.</summary>
    public Ipv4Address? OverlayGatewayIpv4 { get; init; }
    /// <summary>This VTEP's own IPv6 address on the SBD, for IPv6 prefixes in the gateway-IP model.</summary>
    public Ipv6Address? OverlayGatewayIpv6 { get; init; }
}
