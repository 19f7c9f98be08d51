using System.Net;
using ActorFabric.Protocols.Routing;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Tests.Routing;

/// <summary>A tenant VRF "blue" on leaf 10.0.0.1: L3 VNI 5000, IRBs VLAN 10/VNI 10010 (10.1.10.1/24, 2001:db8:10::1/64) and VLAN 20/VNI 10020 (10.1.20.1/24).</summary>
internal static class IpVrfFixture
{
    public const uint L3Vni = 5000;
    public const uint Vni10 = 10010, Vni20 = 10020, Vni30 = 10030;
    public const ushort Vlan10 = 10, Vlan20 = 20;
    public static readonly IPAddress LocalVtep = IPAddress.Parse("10.0.0.1");
    public static readonly IPAddress Vtep2 = IPAddress.Parse("10.0.0.2");
    public static readonly IPAddress Vtep3 = IPAddress.Parse("10.0.0.3");
    public static readonly IPAddress Vtep4 = IPAddress.Parse("10.0.0.4");
    public static readonly MacAddress OurRouterMac = MacAddress.Parse("02:00:00:00:00:01");
    public static readonly MacAddress RouterMac2 = MacAddress.Parse("02:00:00:00:00:02");
    public static readonly MacAddress RouterMac3 = MacAddress.Parse("02:00:00:00:00:03");
    public static readonly MacAddress AnycastMac = IrbInterfaceOptions.AutoDerivedIpv4VirtualMac();
    public static readonly ExtendedCommunity VrfRt = ExtendedCommunity.RouteTargetAs2(65000, L3Vni);
    public static readonly ExtendedCommunity OtherRt = ExtendedCommunity.RouteTargetAs2(65000, 9999);
    public static readonly RouteDistinguisher LocalRd = RouteDistinguisher.FromIpv4(IPAddress.Parse("10.0.0.1"), 5);

    public static IpVrfOptions Options(IrbMode mode = IrbMode.Symmetric) => new()
    {
        Name = "blue",
        RouteDistinguisher = LocalRd,
        LocalVtep = LocalVtep,
        ImportRouteTargets = [VrfRt],
        ExportRouteTargets = [VrfRt],
        L3Vni = L3Vni,
        RouterMac = OurRouterMac,
        Mode = mode,
        Irbs =
        [
            new IrbInterfaceOptions(Vlan10, Vni10, AnycastMac) { GatewayIpv4 = IpPrefix.Parse("10.1.10.1/24"), GatewayIpv6 = IpPrefix.Parse("2001:db8:10::1/64") },
            new IrbInterfaceOptions(Vlan20, Vni20, AnycastMac) { GatewayIpv4 = IpPrefix.Parse("10.1.20.1/24") },
        ],
    };

    public static IpVrf Vrf(IrbMode mode = IrbMode.Symmetric) => new(Options(mode));

    public static Ipv4Address V4(string text) => Ipv4Address.Parse(text);
    public static Ipv6Address V6(string text) => Ipv6Address.Parse(text);

    /// <summary>A type-2 MAC+IP route as a remote leaf sends it; Label2 + Router's MAC for symmetric IRB.</summary>
    public static (MacIpAdvertisementRoute Route, PathAttributes Attributes) HostRoute(
        IPAddress vtep, string mac, string ip, uint label1, uint? label2 = null, MacAddress? routerMac = null, uint sequence = 0, bool vrfRt = true)
    {
        var route = new MacIpAdvertisementRoute(RouteDistinguisher.FromIpv4(vtep, 2), EthernetSegmentId.Zero, 0,
            MacAddress.Parse(mac), IPAddress.Parse(ip), label1, label2);
        var communities = new List<ExtendedCommunity> { ExtendedCommunity.RouteTargetAs2(65000, label1), ExtendedCommunity.VxlanEncapsulation };
        if (vrfRt) communities.Add(VrfRt);
        if (routerMac is { } rmac) communities.Add(ExtendedCommunity.RoutersMac(rmac));
        if (sequence > 0) communities.Add(ExtendedCommunity.MacMobility(sequence, sticky: false));
        return (route, new PathAttributes { ExtendedCommunities = [.. communities] });
    }

    /// <summary>A type-5 route (RFC 9136 §3.1); interface-less by default: GW IP 0, label = L3 VNI, Router's MAC.</summary>
    public static (IpPrefixRoute Route, PathAttributes Attributes) PrefixRoute(
        IPAddress vtep, string prefix, uint label = L3Vni, MacAddress? routerMac = null, string? gateway = null, ExtendedCommunity? rt = null)
    {
        var p = IpPrefix.Parse(prefix);
        var gw = gateway is null ? p.ZeroAddress() : IPAddress.Parse(gateway);
        var route = new IpPrefixRoute(RouteDistinguisher.FromIpv4(vtep, 5), EthernetSegmentId.Zero, 0, p.Length, p.ToIPAddress(), gw, label);
        var communities = new List<ExtendedCommunity> { rt ?? VrfRt, ExtendedCommunity.VxlanEncapsulation };
        if (routerMac is { } rmac) communities.Add(ExtendedCommunity.RoutersMac(rmac));
        return (route, new PathAttributes { ExtendedCommunities = [.. communities] });
    }

    public static bool Apply(this IpVrf vrf, (MacIpAdvertisementRoute Route, PathAttributes Attributes) r, IPAddress vtep) => vrf.ApplyRemote(r.Route, r.Attributes, vtep);
    public static bool Apply(this IpVrf vrf, (IpPrefixRoute Route, PathAttributes Attributes) r, IPAddress vtep) => vrf.ApplyRemote(r.Route, r.Attributes, vtep);

    public static List<IpVrfEffect> Drain(this IpVrf vrf)
    {
        var list = new List<IpVrfEffect>();
        vrf.DrainEffects(list);
        return list;
    }
}
