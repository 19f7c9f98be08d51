using System.Net;
using ActorFabric.Cli.Bgp.Speaker;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Interop.Tests;

/// <summary>
/// Routes-file entries for type 5 (RFC 9136 §3.1) and the Router's MAC (RFC 9135 §8.1): what they originate, and the
/// error each bad entry gets (naming the entry and the field, as the rest of the routes file does).
/// </summary>
public sealed class IpPrefixRouteSpecTests
{
    static readonly IPAddress Self = IPAddress.Parse("127.0.0.9");

    static string ErrorOf(string entry) =>
        Assert.Throws<FormatException>(() => EvpnRoutesFile.Parse($"[{{\"type\":2,\"rd\":\"1.1.1.1:1\",\"mac\":\"02:00:00:00:00:01\"}},{entry}]")).Message;

    [Fact]
    public void InterfaceLessType5HasZeroGatewayAndEsiTheL3VniAsLabelAndTheRouterMacCommunity()
    {
        var spec = Assert.Single(EvpnRoutesFile.Parse(
            """[{"type":5,"rd":"127.0.0.9:5","prefix":"10.1.0.0/24","vni":50005,"router_mac":"02:aa:00:00:00:01","route_targets":["65000:5"]}]"""));
        var o = spec.ToOrigination(Self);
        var r = Assert.IsType<IpPrefixRoute>(o.Route);
        Assert.Equal((byte)24, r.PrefixLength);
        Assert.Equal(IPAddress.Parse("10.1.0.0"), r.Prefix);
        Assert.Equal(IPAddress.Any, r.Gateway);
        Assert.True(r.Esi.IsZero);
        Assert.Equal(50005u, r.Label);
        Assert.Equal(Self, o.NextHop);
        var rmac = Assert.Single(o.Attributes.ExtendedCommunities, c => c.IsRoutersMac);
        Assert.Equal(0x02aa_0000_0001UL, rmac.Value48);
        Assert.Contains(ExtendedCommunity.VxlanEncapsulation, o.Attributes.ExtendedCommunities);
    }

    [Fact]
    public void Ipv6Type5DefaultsItsGatewayToTheIpv6ZeroAddress()
    {
        var o = new EvpnRouteSpec { Type = 5, Rd = "1.1.1.1:5", Prefix = "2001:db8::/64", Vni = 5 }.ToOrigination(Self);
        var r = Assert.IsType<IpPrefixRoute>(o.Route);
        Assert.Equal(IPAddress.IPv6Any, r.Gateway);
        Assert.Equal((byte)64, r.PrefixLength);
    }

    [Fact]
    public void SymmetricIrbMacIpCarriesTheL3VniAsLabel2AndTheRouterMac()
    {
        var o = new EvpnRouteSpec { Type = 2, Rd = "1.1.1.1:5", Mac = "02:00:00:00:00:01", Ip = "10.1.0.1", Vni = 10100, Vni2 = 50005, RouterMac = "02:aa:00:00:00:01" }
            .ToOrigination(Self);
        var r = Assert.IsType<MacIpAdvertisementRoute>(o.Route);
        Assert.Equal(50005u, r.Label2);
        Assert.Single(o.Attributes.ExtendedCommunities, c => c.IsRoutersMac);
    }

    [Theory]
    [InlineData("""{"type":5,"rd":"1.1.1.1:5","vni":5}""", "routes[1]: a type-5 route needs 'prefix'")]
    [InlineData("""{"type":5,"rd":"1.1.1.1:5","prefix":"10.1.0.0","vni":5}""", "routes[1]: prefix '10.1.0.0' has no length")]
    [InlineData("""{"type":5,"rd":"1.1.1.1:5","prefix":"10.1.0.0/33","vni":5}""", "routes[1]: prefix '10.1.0.0/33': the length must be 0 to 32")]
    [InlineData("""{"type":5,"rd":"1.1.1.1:5","prefix":"2001:db8::/129","vni":5}""", "routes[1]: prefix '2001:db8::/129': the length must be 0 to 128")]
    [InlineData("""{"type":5,"rd":"1.1.1.1:5","prefix":"10.1.0.5/24","vni":5}""", "routes[1]: prefix '10.1.0.5/24' has bits set beyond its length 24")]
    [InlineData("""{"type":5,"rd":"1.1.1.1:5","prefix":"10.1/16","vni":5}""", "routes[1]: prefix '10.1' is not an IPv4 address")]
    [InlineData("""{"type":5,"rd":"1.1.1.1:5","prefix":"10.1.0.0/24","gateway":"2001:db8::1","vni":5}""", "routes[1]: gateway '2001:db8::1' is not of the prefix's family (IPv4)")]
    [InlineData("""{"type":5,"rd":"1.1.1.1:5","prefix":"10.1.0.0/24","gateway":"10.1.0.1","esi":"00:11:22:33:44:55:66:77:88:99","vni":5}""", "routes[1]: a type-5 route has either a non-zero 'esi' or a 'gateway'")]
    [InlineData("""{"type":5,"rd":"1.1.1.1:5","prefix":"10.1.0.0/24"}""", "routes[1]: a type-5 route needs 'vni' (the L3 VNI), 'gateway', 'esi' or 'router_mac'")]
    [InlineData("""{"type":5,"rd":"1.1.1.1:5","prefix":"10.1.0.0/24","vni":5,"mac":"02:00:00:00:00:01"}""", "routes[1]: a type-5 route has no 'mac', 'ip' or 'vni2'")]
    [InlineData("""{"type":5,"rd":"1.1.1.1:5","prefix":"10.1.0.0/24","vni":16777216}""", "routes[1]: 'vni' and 'vni2' are 24-bit labels")]
    [InlineData("""{"type":5,"rd":"1.1.1.1:5","prefix":"10.1.0.0/24","vni":5,"router_mac":"02:aa"}""", "routes[1]: router_mac '02:aa' is not a MAC address")]
    [InlineData("""{"type":5,"rd":"1.1.1.1:5","prefix":"10.1.0.0/24","vni":5,"router_mac":"01:00:5e:00:00:01"}""", "routes[1]: router_mac '01:00:5e:00:00:01' is a multicast MAC")]
    [InlineData("""{"type":3,"rd":"1.1.1.1:5","vni":5,"router_mac":"02:aa:00:00:00:01"}""", "routes[1]: 'router_mac' belongs to type-2 and type-5 routes only")]
    [InlineData("""{"type":2,"rd":"1.1.1.1:5","mac":"02:00:00:00:00:01","prefix":"10.1.0.0/24"}""", "routes[1]: 'prefix' and 'gateway' belong to type-5 routes only")]
    [InlineData("""{"type":4,"rd":"1.1.1.1:5"}""", "routes[1]: route type 4 cannot be originated here (2, 3 or 5)")]
    public void BadType5AndRouterMacEntriesAreRefusedNamingTheEntryAndField(string entry, string expectedStart) =>
        Assert.StartsWith(expectedStart, ErrorOf(entry), StringComparison.Ordinal);
}
