using ActorFabric.Fabric.DataPlane;
using ActorFabric.Wire.Packets;
using static ActorFabric.Fabric.Tests.DataPlane.DataPlaneTestFabric;

namespace ActorFabric.Fabric.Tests.DataPlane;

/// <summary>IPv6 ND snooping and proxy advertisements (RFC 7432 §10 for ND, RFC 4861 §4.3/4.4 formats).</summary>
public sealed class NeighborDiscoveryTests
{
    internal static readonly Ipv6Address H1v6 = Ipv6Address.Parse("fd00::1"), H2v6 = Ipv6Address.Parse("fd00::2");

    internal static byte[] UnsolicitedAdvertisement(MacAddress mac, Ipv6Address ip)
    {
        var frame = new byte[NeighborDiscoveryMessage.FrameLength];
        var allNodes = Ipv6Address.Parse("ff02::1");
        NeighborDiscoveryMessage.WriteAdvertisementFrame(frame, mac, MacAddress.ForIpv6Multicast(allNodes), ip, allNodes, solicited: false, overrideFlag: true);
        return frame;
    }

    internal static byte[] Solicitation(MacAddress mac, Ipv6Address source, Ipv6Address target)
    {
        var frame = new byte[NeighborDiscoveryMessage.FrameLength];
        NeighborDiscoveryMessage.WriteSolicitationFrame(frame, mac, source, target);
        return frame;
    }

    [Fact]
    public void Written_solicitations_and_advertisements_read_back_with_their_fields()
    {
        var ns = Solicitation(HostMac(1), H1v6, H2v6);
        Assert.True(NeighborDiscoveryMessage.TryRead(ns.AsSpan(EthernetHeader.UntaggedLength), out var m));
        Assert.True(m.IsSolicitation);
        Assert.Equal(H1v6, m.Source);
        Assert.Equal(H2v6, m.Target);
        Assert.Equal(HostMac(1), m.LinkLayerAddress);
        Assert.Equal(Ipv6Address.Parse("ff02::1:ff00:2"), m.Destination);

        var na = UnsolicitedAdvertisement(HostMac(2), H2v6);
        Assert.True(NeighborDiscoveryMessage.TryRead(na.AsSpan(EthernetHeader.UntaggedLength), out var a));
        Assert.False(a.IsSolicitation);
        Assert.True(a.Override);
        Assert.False(a.Solicited);
        Assert.Equal(HostMac(2), a.LinkLayerAddress);

        na[^3] ^= 0x40; // damage the option: the checksum no longer verifies, so it is not treated as ND
        Assert.False(NeighborDiscoveryMessage.TryRead(na.AsSpan(EthernetHeader.UntaggedLength), out _));
    }

    [Fact]
    public void A_neighbor_solicitation_for_a_known_ipv6_binding_is_answered_by_the_local_leaf()
    {
        using var f = new DataPlaneTestFabric();
        f.InjectFromHost("h2", UnsolicitedAdvertisement(HostMac(2), H2v6)); // leaf2 snoops fd00::2 → MAC+IP route
        f.RunFor(TimeSpan.FromMilliseconds(1));
        int mark = f.Wire.Count;
        long bum = f.Leaf(1).DataPlane.BumCopies;

        f.InjectFromHost("h1", Solicitation(HostMac(1), H1v6, H2v6));
        f.RunFor(TimeSpan.FromMilliseconds(1));

        var reply = Assert.Single(f.Wire.Skip(mark), w => w.To == "h1");
        Assert.Equal("leaf1", reply.From);
        Assert.True(NeighborDiscoveryMessage.TryRead(reply.Frame.AsSpan(EthernetHeader.UntaggedLength), out var na));
        Assert.False(na.IsSolicitation);
        Assert.True(na.Solicited);
        Assert.Equal(H2v6, na.Target);
        Assert.Equal(H1v6, na.Destination);
        Assert.Equal(HostMac(2), na.LinkLayerAddress);
        Assert.Equal(HostMac(1), FrameSummary.Parse(reply.Frame).Destination);
        Assert.Equal(bum, f.Leaf(1).DataPlane.BumCopies); // suppressed: nothing flooded
        Assert.DoesNotContain(f.Wire.Skip(mark), w => w.To == "h2");
    }
}
