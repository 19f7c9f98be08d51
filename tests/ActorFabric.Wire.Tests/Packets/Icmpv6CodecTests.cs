using ActorFabric.Wire.Packets;

namespace ActorFabric.Wire.Tests.Packets;

/// <summary>ICMPv6 echo (RFC 4443 §4) and the IPv6 per-hop rewrite (RFC 8200 §3), byte for byte.</summary>
public sealed class Icmpv6CodecTests
{
    private static readonly MacAddress MacA = MacAddress.Parse("02:00:00:00:00:0a"), MacB = MacAddress.Parse("02:00:00:00:00:0b");
    private static readonly Ipv6Address A = Ipv6Address.Parse("2001:db8::1"), B = Ipv6Address.Parse("2001:db8::2");

    [Fact]
    public void An_echo_request_frame_has_next_header_58_and_the_pseudo_header_checksum()
    {
        var frame = new Icmpv6Echo(true, 0x1234, 7).ToFrame(MacA, MacB, A, B, [0xde, 0xad]);

        // Ethernet (14) + IPv6 (40) + echo (8 + 2) = 64 octets.
        Assert.Equal(64, frame.Length);
        Assert.Equal("0x86DD", $"0x{frame[12]:X2}{frame[13]:X2}");
        Assert.Equal(0x60, frame[14]);
        Assert.Equal(10, (frame[18] << 8) | frame[19]);   // payload length
        Assert.Equal(58, frame[20]);                       // next header: ICMPv6
        Assert.Equal(64, frame[21]);                       // hop limit
        Assert.Equal([128, 0], frame[54..56]);             // type, code
        Assert.Equal([0x12, 0x34, 0x00, 0x07, 0xde, 0xad], frame[58..64]);
        // Checksum: ones' complement of the pseudo-header (addresses, length 10, next header 58) plus the message,
        // worked out by hand: 0x2001+0x0db8+0x0001 twice, +0x0001+0x0002, +10 +58, +0x8000 +0x1234 +0x0007 +0xdead.
        uint sum = 2 * (0x2001u + 0x0db8) + 1 + 2 + 10 + 58 + 0x8000 + 0x1234 + 0x0007 + 0xdead;
        while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
        Assert.Equal((ushort)~sum, (ushort)((frame[56] << 8) | frame[57]));

        Assert.Equal(PacketError.None, Icmpv6Echo.TryRead(frame.AsSpan(14), out var ip, out var echo, out var data));
        Assert.Equal((A, B, true, (ushort)0x1234, (ushort)7), (ip.Source, ip.Destination, echo.IsRequest, echo.Identifier, echo.Sequence));
        Assert.Equal([0xde, 0xad], data.ToArray());
    }

    [Fact]
    public void A_corrupted_echo_or_one_checked_against_other_addresses_fails_the_checksum()
    {
        var frame = new Icmpv6Echo(false, 1, 2).ToFrame(MacA, MacB, A, B, new byte[20]);
        Assert.Equal(129, frame[54]);
        frame[70] ^= 0x01;
        Assert.Equal(PacketError.BadChecksum, Icmpv6Echo.TryRead(frame.AsSpan(14), out _, out _, out _));
        frame[70] ^= 0x01;
        // The pseudo-header covers the addresses: a rewritten destination invalidates the checksum.
        Ipv6Address.Parse("2001:db8::3").Write(frame.AsSpan(38));
        Assert.Equal(PacketError.BadChecksum, Icmpv6Echo.TryRead(frame.AsSpan(14), out _, out _, out _));
    }

    [Fact]
    public void A_routed_hop_decrements_the_hop_limit_rewrites_the_macs_and_leaves_the_checksum_valid()
    {
        var frame = new Icmpv6Echo(true, 1, 1).ToFrame(MacA, MacB, A, B, [1, 2, 3]);
        var routerMac = MacAddress.Parse("00:00:5e:00:01:01");
        var hostMac = MacAddress.Parse("02:00:00:00:00:0c");

        Assert.Equal(PacketError.None, Ipv6Forwarding.TryRewriteForNextHop(frame, routerMac, hostMac));

        Assert.Equal(63, frame[21]);
        Assert.Equal(hostMac, MacAddress.Read(frame));
        Assert.Equal(routerMac, MacAddress.Read(frame.AsSpan(6)));
        // The hop limit is not in the pseudo-header (RFC 8200 §8.1): the ICMPv6 checksum still holds.
        Assert.Equal(PacketError.None, Icmpv6Echo.TryRead(frame.AsSpan(14), out _, out _, out _));
    }

    [Fact]
    public void A_packet_whose_hop_limit_would_reach_zero_is_not_forwarded_and_left_unchanged()
    {
        var frame = new Icmpv6Echo(true, 1, 1).ToFrame(MacA, MacB, A, B, [], hopLimit: 1);
        var before = frame.ToArray();
        Assert.Equal(PacketError.TtlExpired, Ipv6Forwarding.TryRewriteForNextHop(frame, MacB, MacA));
        Assert.Equal(before, frame);
        Assert.Equal(PacketError.UnexpectedEtherType, Ipv6Forwarding.TryRewriteForNextHop(FrameBuilder.ArpRequest(MacA, Ipv4Address.Parse("10.0.0.1"), Ipv4Address.Parse("10.0.0.2")), MacB, MacA));
    }

    [Fact]
    public void A_gateway_advertisement_sets_the_router_flag_and_reads_back()
    {
        var frame = new byte[NeighborDiscoveryMessage.FrameLength];
        NeighborDiscoveryMessage.WriteAdvertisementFrame(frame, MacA, MacB, A, B, solicited: true, overrideFlag: true, router: true);
        // Flags octet: R (0x80) | S (0x40) | O (0x20) (RFC 4861 §4.4).
        Assert.Equal(0xE0, frame[58]);
        Assert.True(NeighborDiscoveryMessage.TryRead(frame.AsSpan(14), out var na));
        Assert.True(na.Router && na.Solicited && na.Override);
    }
}
