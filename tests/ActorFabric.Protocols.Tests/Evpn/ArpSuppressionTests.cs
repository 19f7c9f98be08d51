using System.Net;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Tests.Evpn;

public class ArpSuppressionTests
{
    private static readonly MacAddress H1 = MacAddress.Parse("52:54:00:00:00:01");
    private static readonly MacAddress H2 = MacAddress.Parse("52:54:00:00:00:02");
    private static readonly IPAddress Ip1 = IPAddress.Parse("192.168.100.1");
    private static readonly IPAddress Ip2 = IPAddress.Parse("192.168.100.2");

    private static ForwardingDecision Arp(EvpnTestFabric f, int leaf, int port, MacAddress sender, IPAddress senderIp, IPAddress target)
    {
        var d = f[leaf].HandleAccessAddressResolution(new PortId(port), EvpnTestFabric.Vlan, sender, MacAddress.Broadcast,
            new AddressResolution(IsRequest: true, sender, senderIp, target), f.Now);
        f.Pump();
        return d;
    }

    [Fact]
    public void An_arp_request_for_an_ip_known_from_a_remote_mac_ip_route_is_answered_by_the_leaf()
    {
        var f = new EvpnTestFabric(2);
        Arp(f, 2, 1, H2, Ip2, Ip1); // h2 on leaf 2 announces itself (snooped → MAC+IP route)

        var d = Arp(f, 1, 1, H1, Ip1, Ip2);
        Assert.Equal(ForwardingAction.ProxyReply, d.Action);
        Assert.Equal(H2, d.ProxyMac);
        Assert.Equal(new PortId(1), d.Port);
    }

    [Fact]
    public void An_arp_request_for_an_unknown_ip_is_flooded()
    {
        var f = new EvpnTestFabric(2);
        var d = Arp(f, 1, 1, H1, Ip1, Ip2);
        Assert.Equal(ForwardingAction.Flood, d.Action);
        Assert.Equal(BumTrafficKind.Broadcast, d.BumKind);
        Assert.Equal(1, d.Domain!.FloodTargets(d).Length);
    }

    [Fact]
    public void A_request_for_a_locally_snooped_ip_is_answered_too()
    {
        var f = new EvpnTestFabric(1);
        Arp(f, 1, 2, H2, Ip2, Ip1);
        var d = Arp(f, 1, 1, H1, Ip1, Ip2);
        Assert.Equal((ForwardingAction.ProxyReply, H2), (d.Action, d.ProxyMac));
    }

    [Fact]
    public void A_gratuitous_arp_is_not_answered_but_flooded()
    {
        var f = new EvpnTestFabric(2);
        Arp(f, 2, 1, H2, Ip2, Ip1);
        var d = Arp(f, 1, 1, H2, Ip2, Ip2);
        Assert.Equal(ForwardingAction.Flood, d.Action);
    }

    [Fact]
    public void Withdrawing_the_mac_ip_route_stops_the_answer()
    {
        var f = new EvpnTestFabric(2);
        Arp(f, 2, 1, H2, Ip2, Ip1);
        f.Advance(TimeSpan.FromSeconds(301)); // h2 ages out on leaf 2: MAC and MAC+IP withdrawn

        Assert.Equal(ForwardingAction.Flood, Arp(f, 1, 1, H1, Ip1, Ip2).Action);
        Assert.Null(f.Fdb(1, H2));
    }

    [Fact]
    public void Arp_suppression_can_be_turned_off()
    {
        var leaf = new MacVrf(EvpnTestFabric.Options(1) with { ArpSuppression = false });
        leaf.AttachPort(new PortId(1), EvpnTestFabric.Vlan);
        leaf.AttachPort(new PortId(2), EvpnTestFabric.Vlan);
        var now = TimeSpan.Zero;
        leaf.HandleAccessAddressResolution(new PortId(2), EvpnTestFabric.Vlan, H2, MacAddress.Broadcast, new AddressResolution(true, H2, Ip2, Ip1), now);
        var d = leaf.HandleAccessAddressResolution(new PortId(1), EvpnTestFabric.Vlan, H1, MacAddress.Broadcast, new AddressResolution(true, H1, Ip1, Ip2), now);
        Assert.Equal(ForwardingAction.Flood, d.Action);
    }

    [Fact]
    public void Nd_snooping_and_suppression_work_for_ipv6_bindings()
    {
        var f = new EvpnTestFabric(2);
        var v6a = IPAddress.Parse("2001:db8::1");
        var v6b = IPAddress.Parse("2001:db8::2");
        Arp(f, 2, 1, H2, v6b, v6a);
        Assert.Contains(f.EffectsOf<Originate>(2), o => o.Route is Wire.Bgp.Evpn.MacIpAdvertisementRoute r && v6b.Equals(r.Ip));

        var d = Arp(f, 1, 1, H1, v6a, v6b);
        Assert.Equal((ForwardingAction.ProxyReply, H2), (d.Action, d.ProxyMac));
    }
}
