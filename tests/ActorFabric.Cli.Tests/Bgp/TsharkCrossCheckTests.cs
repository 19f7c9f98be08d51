using System.Diagnostics;
using System.Net;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Cli.Tests.Bgp;

/// <summary>
/// Cross-checks our encoder against Wireshark's BGP dissector: every message type, every EVPN route type and the
/// EVPN attributes go into a fake TCP session on port 179 and tshark must find no malformed field or warning.
/// tshark is installed by the project's test script (apt-get install tshark).
/// </summary>
public class TsharkCrossCheckTests
{
    private static readonly RouteDistinguisher Rd = RouteDistinguisher.FromIpv4(IPAddress.Parse("10.0.0.1"), 100);
    private static readonly EthernetSegmentId Esi = new(0x01AABBCCDDEEFF11UL, 0x2200);
    private static readonly IPAddress V4 = IPAddress.Parse("10.0.0.1"), V6 = IPAddress.Parse("2001:db8::1");
    private static readonly IPAddress G4 = IPAddress.Parse("239.1.1.1"), G6 = IPAddress.Parse("ff0e::1");

    internal static EvpnRoute[] AllRouteTypes() =>
    [
        new EthernetAutoDiscoveryRoute(Rd, Esi, EthernetAutoDiscoveryRoute.MaxEthernetTag, 0),
        new EthernetAutoDiscoveryRoute(Rd, Esi, 0, 10100),
        new MacIpAdvertisementRoute(Rd, EthernetSegmentId.Zero, 0, MacAddress.Parse("00:11:22:33:44:55"), null, 10100),
        new MacIpAdvertisementRoute(Rd, Esi, 0, MacAddress.Parse("00:11:22:33:44:55"), IPAddress.Parse("10.1.1.10"), 10100),
        new MacIpAdvertisementRoute(Rd, Esi, 0, MacAddress.Parse("00:11:22:33:44:55"), IPAddress.Parse("10.1.1.10"), 10100, 50000),
        new MacIpAdvertisementRoute(Rd, Esi, 0, MacAddress.Parse("00:11:22:33:44:55"), V6, 10100, 50000),
        new InclusiveMulticastRoute(Rd, 0, V4),
        new InclusiveMulticastRoute(Rd, 0, V6),
        new EthernetSegmentRoute(Rd, Esi, V4),
        new EthernetSegmentRoute(Rd, Esi, V6),
        new IpPrefixRoute(Rd, EthernetSegmentId.Zero, 0, 24, IPAddress.Parse("192.168.1.0"), IPAddress.Any, 50000),
        new IpPrefixRoute(Rd, EthernetSegmentId.Zero, 0, 64, IPAddress.Parse("2001:db8:1::"), IPAddress.IPv6Any, 50000),
        new SelectiveMulticastRoute(Rd, 0, null, G4, V4, MulticastRouteFlags.IgmpV2),
        new SelectiveMulticastRoute(Rd, 0, IPAddress.Parse("10.9.9.9"), G4, V4, MulticastRouteFlags.IgmpV3),
        new SelectiveMulticastRoute(Rd, 0, V6, G6, V6, MulticastRouteFlags.IgmpV2),
        new MulticastMembershipReportSynchRoute(Rd, Esi, 0, null, G4, V4, MulticastRouteFlags.IgmpV2),
        // Type 8 is left out on purpose: Wireshark 4.0 dissects types 6-8 per draft-ietf-bess-evpn-igmp-mld-proxy-03,
        // whose Leave Synch route lacks the Reserved and Maximum Response Time fields of RFC 9251 §9.3, so it
        // misreads a correct type-8 entry. Our type-8 layout is covered by KnownVectorTests in the wire tests.
    ];

    internal static IEnumerable<(bool, byte[])> Session()
    {
        var o = BgpCodecOptions.Default;
        var caps = new Capability[]
        {
            MultiprotocolCapability.Evpn, RouteRefreshCapability.Instance, EnhancedRouteRefreshCapability.Instance, ExtendedMessageCapability.Instance,
            new FourOctetAsCapability(4200000000), new GracefulRestartCapability(false, true, 120, [new GracefulRestartFamily(25, 70, true)]),
            new AddPathCapability([new AddPathFamily(25, 70, AddPathDirection.Receive)]),
        };
        yield return (true, BgpMessageWriter.ToBytes(new OpenMessage(4, BgpConstants.AsTrans, 90, 0xC0000201, caps), o));
        yield return (false, BgpMessageWriter.ToBytes(new OpenMessage(4, 65000, 90, 0xC0000202, [MultiprotocolCapability.Evpn, new FourOctetAsCapability(65000)]), o));
        yield return (true, BgpMessageWriter.ToBytes(KeepaliveMessage.Instance, o));
        var attrs = new PathAttributes
        {
            Origin = Origin.Igp,
            AsPath = new AsPath([new AsPathSegment(AsPathSegmentType.AsSequence, [65001, 4200000000])]),
            MultiExitDisc = 10, LocalPref = 100,
            Communities = [0xFFFFFF01],
            OriginatorId = 0x0A000001, ClusterList = [0x0A0000FE],
            ExtendedCommunities =
            [
                ExtendedCommunity.AutoDerivedRouteTarget(65000, 10100), ExtendedCommunity.RouteTargetIpv4(0x0A000001, 5), ExtendedCommunity.RouteTargetAs4(4200000000, 7),
                ExtendedCommunity.VxlanEncapsulation, ExtendedCommunity.MacMobility(5, true), ExtendedCommunity.EsiLabel(true, 0),
                ExtendedCommunity.EsImportRouteTarget(MacAddress.Parse("aa:bb:cc:dd:ee:ff")), ExtendedCommunity.RoutersMac(MacAddress.Parse("02:00:00:00:00:01")),
                ExtendedCommunity.DefaultGateway, ExtendedCommunity.DfElection(2, 0x4000, 32767), ExtendedCommunity.MulticastFlags(1),
            ],
            PmsiTunnel = PmsiTunnel.IngressReplication(10100, V4),
        };
        var routes = AllRouteTypes();
        yield return (true, BgpMessageWriter.ToBytes(new UpdateMessage { Attributes = attrs, MpReach = new MpReachNlri(25, 70, V4, routes) }, o));
        yield return (true, BgpMessageWriter.ToBytes(new UpdateMessage { Attributes = attrs, MpReach = new MpReachNlri(25, 70, V6, routes[..4]) }, o));
        yield return (true, BgpMessageWriter.ToBytes(new UpdateMessage { MpUnreach = new MpUnreachNlri(25, 70, routes) }, o));
        yield return (true, BgpMessageWriter.ToBytes(UpdateMessage.EndOfRib(25, 70), o));
        yield return (false, BgpMessageWriter.ToBytes(new RouteRefreshMessage(25, 0, 70), o));
        yield return (false, BgpMessageWriter.ToBytes(new NotificationMessage(6, 2, [3, 0x62, 0x79, 0x65]), o));
    }

    internal static string RunTshark(string pcapPath, params string[] extra)
    {
        var psi = new ProcessStartInfo("tshark") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-n", "-r", pcapPath, .. extra]) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start tshark");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(60_000), "tshark did not finish within 60 s");
        Assert.True(p.ExitCode == 0, "tshark failed: " + stderr.Result);
        return stdout.Result;
    }

    [Fact]
    public void Wireshark_dissects_every_message_and_route_type_we_encode_without_complaint()
    {
        var path = Environment.GetEnvironmentVariable("AF_TSHARK_KEEP") ?? Path.Combine(Path.GetTempPath(), $"af-tshark-{Guid.NewGuid():N}.pcap");
        File.WriteAllBytes(path, TestCapture.Session(Session()));
        try
        {
            var verbose = RunTshark(path, "-V");
            Assert.DoesNotContain("Malformed", verbose);
            Assert.DoesNotContain("Expert Info (Warning", verbose);
            Assert.DoesNotContain("Expert Info (Error", verbose);
            foreach (var expected in new[] { "MP_REACH_NLRI", "MP_UNREACH_NLRI", "PMSI_TUNNEL_ATTRIBUTE", "EXTENDED_COMMUNITIES", "ROUTE-REFRESH", "NOTIFICATION",
                         "Ethernet AD Route", "MAC Advertisement Route", "Inclusive Multicast Route", "Ethernet Segment Route", "IP Prefix route" })
                Assert.Contains(expected, verbose);
            // Every BGP message is found: count them the way Wireshark counts them.
            var types = RunTshark(path, "-Y", "bgp", "-T", "fields", "-e", "bgp.type");
            var all = types.Split(['\n', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal(["1", "1", "4", "2", "2", "2", "2", "5", "3"], all);
            // Field positions agree: Wireshark reads back the RD, MAC, addresses, next hop and VXLAN VNI we wrote.
            var fields = RunTshark(path, "-Y", "bgp.type==2", "-T", "fields", "-E", "aggregator=|", "-e", "bgp.evpn.nlri.rd", "-e", "bgp.evpn.nlri.mac_addr",
                "-e", "bgp.evpn.nlri.ip.addr", "-e", "bgp.evpn.nlri.ipv6.addr", "-e", "bgp.evpn.nlri.vni", "-e", "bgp.update.path_attribute.mp_reach_nlri.next_hop.ipv4");
            var first = fields.Split('\n')[0].Split('\t');
            Assert.All(first[0].Split('|'), rd => Assert.Equal("00010a0000010064", rd));
            Assert.Equal(["00:11:22:33:44:55"], first[1].Split('|').Distinct());
            Assert.Equal(["10.1.1.10", "10.0.0.1", "192.168.1.0"], first[2].Split('|').Distinct());
            Assert.Equal(["2001:db8::1", "2001:db8:1::"], first[3].Split('|').Distinct());
            Assert.Equal("10100", first[4]);
            Assert.Equal("10.0.0.1", first[5]);
        }
        finally { if (Environment.GetEnvironmentVariable("AF_TSHARK_KEEP") is null) File.Delete(path); }
    }
}
