using System.Net;
using ActorFabric.Protocols.Bgp.Session;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Tests.Bgp;

/// <summary>Small builders shared by the BGP tests.</summary>
internal static class BgpTestData
{
    public const uint Asn = 65000;

    public static uint Id(string ipv4)
    {
        var b = IPAddress.Parse(ipv4).GetAddressBytes();
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }

    public static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    public static BgpSessionConfig SessionConfig(string localId = "10.0.0.1", uint? peerAs = Asn, ushort holdSeconds = 90, bool passive = false) => new()
    {
        LocalAs = Asn,
        RouterId = Id(localId),
        PeerAs = peerAs,
        HoldTime = S(holdSeconds),
        Passive = passive,
    };

    public static OpenMessage PeerOpen(uint routerId, uint asn = Asn, ushort hold = 90, Capability[]? caps = null, byte version = 4) =>
        new(version, asn <= ushort.MaxValue ? (ushort)asn : BgpConstants.AsTrans, hold, routerId,
            caps ?? [MultiprotocolCapability.Evpn, RouteRefreshCapability.Instance, new FourOctetAsCapability(asn), new GracefulRestartCapability(false, false, 120, [])]);

    public static MacIpAdvertisementRoute MacRoute(string rdIp, int index, ushort rdNumber = 1) =>
        new(RouteDistinguisher.FromIpv4(IPAddress.Parse(rdIp), rdNumber), EthernetSegmentId.Zero, 0,
            new MacAddress(0x0200_0000_0000UL + (ulong)index), null, 10100);

    public static PathAttributes Attributes(uint vni = 10100, params ExtendedCommunity[] extra) => new()
    {
        Origin = Origin.Igp,
        AsPath = AsPath.Empty,
        LocalPref = 100,
        ExtendedCommunities = [ExtendedCommunity.AutoDerivedRouteTarget((ushort)Asn, vni), ExtendedCommunity.VxlanEncapsulation, .. extra],
    };

    public static UpdateMessage Announce(IPAddress nextHop, PathAttributes attributes, params EvpnRoute[] routes) => new()
    {
        Attributes = attributes,
        MpReach = new MpReachNlri(BgpConstants.AfiL2vpn, BgpConstants.SafiEvpn, nextHop, routes),
    };

    public static UpdateMessage Withdraw(params EvpnRoute[] routes) => new()
    {
        MpUnreach = new MpUnreachNlri(BgpConstants.AfiL2vpn, BgpConstants.SafiEvpn, routes),
    };

    /// <summary>Drain a session's outputs.</summary>
    public static List<BgpSessionOutput> Drain(this BgpSession session)
    {
        var list = new List<BgpSessionOutput>();
        while (session.TryPoll(out var o)) list.Add(o);
        return list;
    }

    public static List<BgpMessage> Sent(this List<BgpSessionOutput> outputs) =>
        outputs.OfType<BgpSend>().Select(s => s.Message).ToList();

    /// <summary>Take an active session through OPEN / KEEPALIVE to Established at <paramref name="now"/>.</summary>
    public static BgpSession Established(BgpSessionConfig? config = null, OpenMessage? peerOpen = null, TimeSpan now = default)
    {
        var s = new BgpSession(config ?? SessionConfig());
        s.Start(now);
        s.TransportConnected(now, locallyInitiated: true);
        s.HandleReceived(BgpDecodeResult.Ok(peerOpen ?? PeerOpen(Id("10.0.0.2"))), now);
        s.HandleReceived(BgpDecodeResult.Ok(KeepaliveMessage.Instance), now);
        Assert.Equal(BgpSessionState.Established, s.State);
        s.Drain();
        return s;
    }
}
