using System.Net;
using ActorFabric.Cli.Bgp.Speaker;
using ActorFabric.Fabric.Topology;
using ActorFabric.Interop.Tests.Harness;
using ActorFabric.Protocols.Bgp.Rib;
using ActorFabric.Protocols.Routing;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Packets;
using EvpnWire = ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Interop.Tests;

/// <summary>
/// The type-5 routes a real FRR VTEP originates from its IP-VRF (`advertise ipv4 unicast`, interface-less, RFC 9136
/// §4.4.1) are received by our speaker over the wire and imported by an <see cref="IpVrf"/> configured as a leaf of
/// ours configures its VRF in interop mode (route-target derivation as-vni, so the RT is FRR's AS:L3VNI; same L3 VNI):
/// every best path of our Loc-RIB goes to <see cref="IpVrf.ApplyRemote"/> with its attributes and next hop, which is
/// what a leaf's SwitchActor does with each best-path change (SwitchActor.ApplyRoutedBestPath). FRR's symmetric MAC+IP
/// routes of a host in a VLAN bound to the VRF (Label2 = L3 VNI, Router's MAC) become /32 host routes the same way.
/// </summary>
public sealed class FrrIpPrefixRoutesImportedByOurIpVrfTests
{
    const uint As = 65000;
    const uint L2Vni = 10821;
    const uint L3Vni = 50821;
    const string FrrRouterMac = "02:af:08:21:00:fe";
    static readonly MacAddress OurRouterMac = MacAddress.Parse("02:af:00:00:08:21");
    static readonly TimeSpan Convergence = TimeSpan.FromSeconds(30);

    [Fact]
    public void OurIpVrfInstallsFrrsType5PrefixAtItsVtepWithTheL3VniAndRoutesSymmetricallyToItsRouterMac()
    {
        var vtepIp = Loopback.NextAddress();
        var ourAddress = Loopback.NextAddress();
        using var vtep = FrrEvpnVtep.Start(As, vtepIp, L2Vni, [ourAddress],
            ipVrf: new FrrIpVrf(L3Vni, FrrRouterMac, "10.81.1.1/24", ["10.81.9.0/24"]));
        using var ours = SpeakerFor(vtep, ourAddress);
        string Diag() => ours.Diagnostics() + vtep.Diagnostics();
        ours.WaitEstablished(vtepIp);
        var vtepText = vtepIp.ToString();
        ProcessRunner.Eventually(
            () => ours.GetEvpnRib().Count(r => r.RouteType == 5 && r.NextHop == vtepText && r.Ip is "10.81.1.0/24" or "10.81.9.0/24"),
            n => n == 2, Convergence, "FRR's two type-5 routes in our Loc-RIB", Diag);

        var vrf = LeafVrf(ourAddress);
        ApplyBestPaths(ours, vrf);

        var frrMac = MacAddress.Parse(FrrRouterMac);
        foreach (var prefix in new[] { "10.81.9.0/24", "10.81.1.0/24" })
        {
            Assert.True(vrf.Routes.TryGet(IpPrefix.Parse(prefix), out var route), $"{prefix} not installed{Diag()}");
            Assert.Equal(VrfRouteSource.RemotePrefix, route.BestSource);
            var path = Assert.Single(route.BestPaths.ToArray());
            Assert.Equal(vtepIp, path.Vtep);
            Assert.Equal(L3Vni, path.Vni);
            Assert.Equal(L3Vni, path.L3Vni);
            Assert.Equal(frrMac, path.RouterMac);
            Assert.IsType<EvpnWire.IpPrefixRoute>(path.Route);
        }

        // A host of ours in VLAN 10 sends to an address inside FRR's prefix: routed on the L3 VNI to FRR's VTEP with
        // inner DMAC = FRR's Router's MAC and inner SMAC = ours (RFC 9135 §5.4, §8.1).
        var decision = vrf.Forward(Ipv4Address.Parse("10.81.9.77"), OurIrbVni, flowHash: 7);
        Assert.Equal(IpForwardingAction.RouteSymmetric, decision.Action);
        Assert.Equal(vtepIp, decision.Vtep);
        Assert.Equal(L3Vni, decision.Vni);
        Assert.Equal(frrMac, decision.DestinationMac);
        Assert.Equal(OurRouterMac, decision.SourceMac);
        // Outside every prefix: no route (the import did not install a default or a wider prefix).
        Assert.Equal(IpDropReason.NoRoute, vrf.Forward(Ipv4Address.Parse("10.82.0.1"), OurIrbVni, 7).DropReason);

        // Withdrawn at FRR (network statement removed): the leaf's VRF removes the path on the best-path change.
        var key = ours.Host.Invoke(s => s.LocRib.BestPaths.Single(p => p.Route is EvpnWire.IpPrefixRoute { PrefixLength: 24 } r
            && r.Prefix.Equals(IPAddress.Parse("10.81.9.0")) && p.NextHop.Equals(vtepIp)));
        vtep.Bgpd.Configure($"router bgp {As} vrf {vtep.VrfName}", "address-family ipv4 unicast", "no network 10.81.9.0/24");
        ProcessRunner.Eventually(() => ours.GetEvpnRib().Any(r => r.RouteType == 5 && r.NextHop == vtepText && r.Ip == "10.81.9.0/24"),
            present => !present, Convergence, "FRR's withdrawal of 10.81.9.0/24 at our speaker", Diag);
        Assert.True(vrf.WithdrawRemote(key.Route, key.NextHop));
        Assert.False(vrf.Routes.TryGet(IpPrefix.Parse("10.81.9.0/24"), out _));
        Assert.Equal(IpDropReason.NoRoute, vrf.Forward(Ipv4Address.Parse("10.81.9.77"), OurIrbVni, 7).DropReason);
    }

    [Fact]
    public void OurIpVrfInstallsFrrsSymmetricMacIpRouteOfAHostInItsVrfAsAHostRouteOnTheL3Vni()
    {
        var vtepIp = Loopback.NextAddress();
        var ourAddress = Loopback.NextAddress();
        // FRR binds an L2 VNI to the tenant VRF when that VNI's SVI is in the VRF: its MAC+IP routes then carry
        // Label1 = L2 VNI, Label2 = L3 VNI, both RTs and the Router's MAC (RFC 9135 §5.1, §9.1.1).
        using var vtep = FrrEvpnVtep.Start(As, vtepIp, L2Vni, [ourAddress],
            ipVrf: new FrrIpVrf(L3Vni, FrrRouterMac, "10.81.1.1/24", []) { HostVni = HostVni, HostSviCidr = "10.81.5.1/24" });
        using var ours = SpeakerFor(vtep, ourAddress);
        string Diag() => ours.Diagnostics() + vtep.Diagnostics();
        ours.WaitEstablished(vtepIp);
        vtep.AddVrfHost("02:af:08:21:00:31", "10.81.5.31");
        var received = ProcessRunner.Eventually(
            () => ours.GetEvpnRib().SingleOrDefault(r => r.RouteType == 2 && r.NextHop == vtepIp.ToString() && r.Ip == "10.81.5.31"),
            r => r is not null, Convergence, "FRR's MAC+IP route of 10.81.5.31 in our Loc-RIB", Diag)!;
        Assert.Equal([HostVni, L3Vni], received.Labels);
        Assert.Equal(FrrRouterMac, received.RouterMac);
        Assert.Contains($"RT:{As}:{L3Vni}", received.RouteTargets);

        var vrf = LeafVrf(ourAddress);
        ApplyBestPaths(ours, vrf);

        Assert.True(vrf.Routes.TryGet(IpPrefix.Parse("10.81.5.31/32"), out var route), $"10.81.5.31/32 not installed{Diag()}");
        Assert.Equal(VrfRouteSource.RemoteHost, route.BestSource);
        var path = Assert.Single(route.BestPaths.ToArray());
        Assert.Equal(vtepIp, path.Vtep);
        Assert.Equal(HostVni, path.Vni);
        Assert.Equal(L3Vni, path.L3Vni);
        Assert.Equal(MacAddress.Parse("02:af:08:21:00:31"), path.HostMac);
        // Routed to the host on the L3 VNI (symmetric): we have no IRB in FRR's VNI 10822, yet reach the host.
        var decision = vrf.Forward(Ipv4Address.Parse("10.81.5.31"), OurIrbVni, flowHash: 3);
        Assert.Equal(IpForwardingAction.RouteSymmetric, decision.Action);
        Assert.Equal(vtepIp, decision.Vtep);
        Assert.Equal(L3Vni, decision.Vni);
        Assert.Equal(MacAddress.Parse(FrrRouterMac), decision.DestinationMac);
        // The host's subnet arrives as FRR's type 5 (connected, redistributed): another address in it goes there too.
        Assert.Equal(IpForwardingAction.RouteSymmetric, vrf.Forward(Ipv4Address.Parse("10.81.5.99"), OurIrbVni, 3).Action);
    }

    const uint HostVni = 10822;

    static OurSpeaker SpeakerFor(FrrEvpnVtep vtep, IPAddress ourAddress) =>
        OurSpeaker.Start(new BgpSpeakerHostOptions
        {
            Asn = As,
            RouterId = ourAddress,
            LocalAddress = ourAddress,
            Peers = [new BgpHostPeer(new IPEndPoint(vtep.Bgpd.ListenAddress, vtep.Bgpd.Port))],
        });

    /// <summary>What a leaf's SwitchActor does with each best-path change of a type 2 or type 5 route: the VRF decides.</summary>
    static void ApplyBestPaths(OurSpeaker ours, IpVrf vrf)
    {
        foreach (var best in ours.Host.Invoke(s => s.LocRib.BestPaths.ToList()))
            if (best.Route is EvpnWire.MacIpAdvertisementRoute { Ip: not null } or EvpnWire.IpPrefixRoute)
                vrf.ApplyRemote(best.Route, best.Attributes, best.NextHop);
    }

    const ushort OurIrbVlan = 10;
    const uint OurIrbVni = 10010;

    /// <summary>
    /// The IP-VRF a leaf of ours builds (SwitchActor.IpVrfOptionsOf) for `ip-vrfs: [{name: tenant, l3-vni: 50821}]`
    /// with `route-target-derivation: as-vni` and one IRB (VLAN 10, anycast gateway 10.10.0.1/24).
    /// </summary>
    static IpVrf LeafVrf(IPAddress ourVtep)
    {
        var rt = RouteTargetDerivation.AsVni.RouteTargetFor((ushort)As, L3Vni);
        return new IpVrf(new IpVrfOptions
        {
            Name = "tenant",
            RouteDistinguisher = RouteDistinguisher.FromIpv4(ourVtep, (ushort)L3Vni),
            LocalVtep = ourVtep,
            ImportRouteTargets = [rt],
            ExportRouteTargets = [rt],
            L3Vni = L3Vni,
            RouterMac = OurRouterMac,
            Irbs =
            [
                new IrbInterfaceOptions(OurIrbVlan, OurIrbVni, IrbInterfaceOptions.AutoDerivedIpv4VirtualMac())
                {
                    GatewayIpv4 = IpPrefix.Parse("10.10.0.1/24"),
                },
            ],
        });
    }
}
