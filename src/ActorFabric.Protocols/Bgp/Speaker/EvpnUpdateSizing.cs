using System.Net;
using System.Net.Sockets;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Bgp.Speaker;

/// <summary>
/// Encoded sizes (upper bounds) of EVPN NLRI and path attributes, so UPDATEs are packed below the negotiated
/// maximum message length (4096, or 65535 with RFC 8654) without encoding them here. Layouts per
/// evpn-routes.md §3 and RFC 4271 §4.3.
/// </summary>
public static class EvpnUpdateSizing
{
    /// <summary>UPDATE header + both 2-octet length fields (RFC 4271 §4.3).</summary>
    public const int UpdateOverhead = BgpConstants.HeaderLength + 4;
    /// <summary>MP_REACH_NLRI header with the longest next hop (RFC 4760 §3): flags, type, 2-octet length, AFI, SAFI, NH length, 32, reserved.</summary>
    public const int MpReachOverhead = 4 + 3 + 1 + 32 + 1;
    public const int MpUnreachOverhead = 4 + 3;

    /// <summary>Octets one NLRI entry takes: route type, length, payload (plus a 4-octet path id with ADD-PATH).</summary>
    public static int RouteLength(EvpnRoute route) => 2 + route switch
    {
        EthernetAutoDiscoveryRoute => 25,
        MacIpAdvertisementRoute r => 33 + IpLength(r.Ip) + (r.Label2 is null ? 0 : 3),
        InclusiveMulticastRoute r => 13 + IpLength(r.OriginatorIp),
        EthernetSegmentRoute r => 19 + IpLength(r.OriginatorIp),
        IpPrefixRoute r => r.Prefix.AddressFamily == AddressFamily.InterNetworkV6 ? 58 : 34,
        SelectiveMulticastRoute => 64,
        MulticastMembershipReportSynchRoute => 80,
        MulticastLeaveSynchRoute => 90,
        UnknownEvpnRoute u => u.Value.Length,
        _ => 96,
    };

    private static int IpLength(IPAddress? ip) => ip is null ? 0 : ip.AddressFamily == AddressFamily.InterNetworkV6 ? 16 : 4;

    /// <summary>Upper bound of the encoded attributes other than MP_REACH / MP_UNREACH (4-octet header each).</summary>
    public static int AttributesLength(PathAttributes a)
    {
        int n = 0;
        if (a.Origin is not null) n += 5;
        if (a.AsPath is { } path) { n += 4; foreach (var s in path.Segments) n += 2 + 4 * s.Asns.Length; }
        if (a.NextHop is not null) n += 8;
        if (a.MultiExitDisc is not null) n += 8;
        if (a.LocalPref is not null) n += 8;
        if (a.AtomicAggregate) n += 4;
        if (a.Aggregator is not null) n += 12;
        if (a.Communities.Length != 0) n += 4 + 4 * a.Communities.Length;
        if (a.OriginatorId is not null) n += 8;
        if (a.ClusterList.Length != 0) n += 4 + 4 * a.ClusterList.Length;
        if (a.ExtendedCommunities.Length != 0) n += 4 + 8 * a.ExtendedCommunities.Length;
        if (a.PmsiTunnel is { } pmsi) n += 4 + 5 + pmsi.TunnelIdentifier.Length;
        if (a.LargeCommunities is { } large) n += 4 + large.Length;
        foreach (var u in a.Unknown) n += 4 + u.Value.Length;
        return n;
    }
}
