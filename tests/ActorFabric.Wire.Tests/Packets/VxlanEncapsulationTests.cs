using ActorFabric.Wire.Hashing;
using ActorFabric.Wire.Packets;
using static ActorFabric.Wire.Tests.Packets.SampleFrames;

namespace ActorFabric.Wire.Tests.Packets;

public class VxlanEncapsulationTests
{
    [Fact]
    public void Encapsulate_then_decapsulate_returns_the_inner_frame_and_vni()
    {
        foreach (var (label, inner) in All())
        {
            var packet = VxlanEncapsulation.Encapsulate(Outer(10100), inner);
            Assert.Equal(inner.Length + VxlanEncapsulation.Ipv4Overhead, packet.Length);
            Assert.True(PacketError.None == VxlanEncapsulation.TryDecapsulate(packet, out var outer, out var decapsulated), label);
            Assert.Equal(inner, decapsulated.ToArray());
            Assert.Equal(10100u, outer.Vni);
            Assert.Equal((Vtep1, Vtep2), (outer.SourceVtep, outer.DestinationVtep));
        }
    }

    [Fact]
    public void Outer_stack_has_the_rfc7348_layout()
    {
        var inner = FrameBuilder.ArpRequest(H1Mac, H1Ip, H2Ip);
        var packet = VxlanEncapsulation.Encapsulate(Outer(10100) with { Ttl = 33 }, inner);

        Assert.Equal(PacketError.None, EthernetHeader.TryRead(packet, out var ethernet, out var l3));
        Assert.Equal(new EthernetHeader(Spine1Mac, Leaf1Mac, EtherType.Ipv4), ethernet);
        Assert.Equal(PacketError.None, Ipv4Header.TryRead(l3, out var ip, out var l4));
        Assert.Equal((IpProtocol.Udp, (byte)33, true, 20 + 8 + 8 + inner.Length), (ip.Protocol, ip.Ttl, ip.DontFragment, (int)ip.TotalLength));
        Assert.Equal(PacketError.None, UdpHeader.TryRead(l4, out var udp, out var vxlan));
        Assert.Equal((ushort)4789, udp.DestinationPort);
        Assert.Equal(VxlanSourcePort.ForInnerFrame(inner), udp.SourcePort);
        Assert.InRange(udp.SourcePort, (ushort)49152, (ushort)65535);
        Assert.Equal(0, udp.Checksum); // RFC 7348 §5: SHOULD be zero over IPv4
        Assert.Equal("0800000000277400", Hex.Of(vxlan[..8]));
    }

    [Fact]
    public void Outer_vlan_tag_adds_four_octets_and_is_decapsulated()
    {
        var inner = FrameBuilder.UdpDatagram(H1Mac, H2Mac, H1Ip, H2Ip, 1000, 2000, "x"u8);
        var outer = Outer(5000) with { OuterVlan = new VlanTag(4000) };
        var packet = VxlanEncapsulation.Encapsulate(outer, inner);
        Assert.Equal(inner.Length + 54, packet.Length);
        Assert.Equal(PacketError.None, VxlanEncapsulation.TryDecapsulate(packet, out var info, out var decapsulated));
        Assert.Equal((ushort)4000, info.Ethernet.Vlan!.Value.VlanId);
        Assert.Equal(inner, decapsulated.ToArray());
    }

    [Fact]
    public void Optional_udp_checksum_is_computed_and_verified_on_decapsulation()
    {
        var inner = FrameBuilder.UdpDatagram(H1Mac, H2Mac, H1Ip, H2Ip, 1000, 2000, "checksummed"u8);
        var packet = VxlanEncapsulation.Encapsulate(Outer() with { ComputeUdpChecksum = true }, inner);
        Assert.NotEqual(0, packet[40] | packet[41]);
        Assert.Equal(PacketError.None, VxlanEncapsulation.TryDecapsulate(packet, out _, out _));
        packet[^1] ^= 0x55; // corrupt the inner payload
        Assert.Equal(PacketError.BadChecksum, VxlanEncapsulation.TryDecapsulate(packet, out _, out _));
    }

    [Fact]
    public void Explicit_source_port_overrides_the_flow_hash()
    {
        var inner = FrameBuilder.ArpRequest(H1Mac, H1Ip, H2Ip);
        var packet = VxlanEncapsulation.Encapsulate(Outer() with { SourcePort = 50000 }, inner);
        Assert.Equal(PacketError.None, VxlanEncapsulation.TryDecapsulate(packet, out var info, out _));
        Assert.Equal((ushort)50000, info.Udp.SourcePort);
    }

    [Fact]
    public void Encapsulation_in_place_with_the_inner_frame_already_after_the_overhead_works()
    {
        var inner = FrameBuilder.IcmpEchoRequest(H1Mac, H2Mac, H1Ip, H2Ip, 1, 2, "in place"u8);
        var buffer = new byte[50 + inner.Length];
        inner.CopyTo(buffer, 50);
        Assert.True(VxlanEncapsulation.TryEncapsulate(Outer(), buffer.AsSpan(50), buffer, out int written));
        Assert.Equal(VxlanEncapsulation.Encapsulate(Outer(), inner), buffer[..written]);
    }

    [Fact]
    public void Encapsulation_refuses_a_too_small_buffer_or_a_vni_above_24_bits()
    {
        var inner = FrameBuilder.ArpRequest(H1Mac, H1Ip, H2Ip);
        Assert.False(VxlanEncapsulation.TryEncapsulate(Outer(), inner, new byte[inner.Length + 49], out _));
        Assert.False(VxlanEncapsulation.TryEncapsulate(Outer(1u << 24), inner, new byte[200], out _));
    }

    [Fact]
    public void Decapsulation_reports_typed_errors_for_non_vxlan_and_damaged_packets()
    {
        var inner = FrameBuilder.ArpRequest(H1Mac, H1Ip, H2Ip);
        Assert.Equal(PacketError.UnexpectedEtherType, VxlanEncapsulation.TryDecapsulate(inner, out _, out _));
        var icmp = FrameBuilder.IcmpEchoRequest(H1Mac, H2Mac, H1Ip, H2Ip, 1, 1, default);
        Assert.Equal(PacketError.UnexpectedProtocol, VxlanEncapsulation.TryDecapsulate(icmp, out _, out _));
        var udp = FrameBuilder.UdpDatagram(H1Mac, H2Mac, H1Ip, H2Ip, 1, 53, "dns"u8);
        Assert.Equal(PacketError.NotVxlan, VxlanEncapsulation.TryDecapsulate(udp, out _, out _));

        var packet = VxlanEncapsulation.Encapsulate(Outer(), inner);
        var noFlag = (byte[])packet.Clone();
        noFlag[42] = 0;
        Assert.Equal(PacketError.VxlanInstanceFlagMissing, VxlanEncapsulation.TryDecapsulate(noFlag, out _, out _));
        var badIp = (byte[])packet.Clone();
        badIp[22] ^= 1;
        Assert.Equal(PacketError.BadChecksum, VxlanEncapsulation.TryDecapsulate(badIp, out _, out _));
    }

    [Fact]
    public void Next_hop_rewrite_swaps_macs_and_decrements_ttl_until_it_expires()
    {
        var packet = VxlanEncapsulation.Encapsulate(Outer() with { Ttl = 2 }, FrameBuilder.ArpRequest(H1Mac, H1Ip, H2Ip));
        var spineOut = MacAddress.Parse("0a:00:00:00:00:f2");
        var leaf2 = MacAddress.Parse("0a:00:00:00:00:02");
        Assert.Equal(PacketError.None, Ipv4Forwarding.TryRewriteForNextHop(packet, spineOut, leaf2));
        Assert.Equal(PacketError.None, VxlanEncapsulation.TryDecapsulate(packet, out var info, out _));
        Assert.Equal((spineOut, leaf2, (byte)1), (info.Ethernet.Source, info.Ethernet.Destination, info.Ip.Ttl));
        var before = (byte[])packet.Clone();
        Assert.Equal(PacketError.TtlExpired, Ipv4Forwarding.TryRewriteForNextHop(packet, leaf2, spineOut));
        Assert.Equal(before, packet);
    }
}
