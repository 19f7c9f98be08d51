using ActorFabric.Wire.Packets;

namespace ActorFabric.Wire.Tests.Packets;

public class TcpHeaderTests
{
    private static readonly Ipv4Address Src = Ipv4Address.Parse("10.0.0.1");
    private static readonly Ipv4Address Dst = Ipv4Address.Parse("10.0.0.2");

    [Fact]
    public void Psh_ack_segment_matches_a_known_answer_including_the_checksum()
    {
        var segment = new byte[TcpHeader.MinimumLength + 3];
        var header = new TcpHeader(49152, 179, 0x01020304, 0x0a0b0c0d, TcpFlags.Psh | TcpFlags.Ack, 65535);
        Assert.Equal(20, header.Write(segment));
        "BGP"u8.CopyTo(segment.AsSpan(20));
        TcpHeader.WriteChecksum(segment, Src, Dst);
        // Checksum computed independently over the pseudo-header (RFC 9293 §3.1).
        Assert.Equal("c00000b3" + "01020304" + "0a0b0c0d" + "5018" + "ffff" + "2eae" + "0000" + "424750", Hex.Of(segment));
        Assert.Equal(PacketError.None, TcpHeader.VerifyChecksum(segment, Src, Dst));
    }

    [Fact]
    public void Header_round_trips_and_the_payload_starts_after_the_data_offset()
    {
        var header = new TcpHeader(179, 50000, 7, 9, TcpFlags.Fin | TcpFlags.Ack, 1024);
        var segment = new byte[24];
        header.Write(segment);
        segment[20] = 0xAB;
        Assert.Equal(PacketError.None, TcpHeader.TryRead(segment, out var read, out var payload));
        Assert.Equal(header, read);
        Assert.True(read.Has(TcpFlags.Fin));
        Assert.False(read.Has(TcpFlags.Syn));
        Assert.Equal(4, payload.Length);
        Assert.Equal(0xAB, payload[0]);
    }

    [Fact]
    public void Acknowledgment_field_is_zero_unless_ack_is_set()
    {
        var segment = new byte[20];
        new TcpHeader(1, 2, 3, 0xDEADBEEF, TcpFlags.Syn, 65535).Write(segment);
        Assert.Equal("00000000", Hex.Of(segment.AsSpan(8, 4)));
    }

    [Fact]
    public void Options_are_skipped_by_the_data_offset()
    {
        var segment = new byte[28];
        new TcpHeader(1, 2, 3, 4, TcpFlags.Syn, 65535).Write(segment);
        segment[12] = 7 << 4; // 28-octet header: 8 octets of options
        segment[20] = 2; segment[21] = 4; segment[22] = 0x05; segment[23] = 0xB4; // MSS 1460
        Assert.Equal(PacketError.None, TcpHeader.TryRead(segment, out var read, out var payload));
        Assert.Equal(28, read.HeaderLength);
        Assert.Equal(0, payload.Length);
    }

    [Fact]
    public void Truncated_and_impossible_data_offsets_are_errors_not_exceptions()
    {
        Assert.Equal(PacketError.Truncated, TcpHeader.TryRead(new byte[19], out _, out _));
        var segment = new byte[20];
        segment[12] = 4 << 4;
        Assert.Equal(PacketError.InvalidHeaderLength, TcpHeader.TryRead(segment, out _, out _));
        segment[12] = 6 << 4;
        Assert.Equal(PacketError.Truncated, TcpHeader.TryRead(segment, out _, out _));
    }

    [Fact]
    public void Checksum_detects_corruption_and_a_wrong_pseudo_header()
    {
        var segment = new byte[25];
        new TcpHeader(1234, 179, 1, 2, TcpFlags.Psh | TcpFlags.Ack, 65535).Write(segment);
        "hello"u8.CopyTo(segment.AsSpan(20));
        TcpHeader.WriteChecksum(segment, Src, Dst);
        Assert.Equal(PacketError.None, TcpHeader.VerifyChecksum(segment, Src, Dst));
        Assert.Equal(PacketError.BadChecksum, TcpHeader.VerifyChecksum(segment, Src, Ipv4Address.Parse("10.0.0.3")));
        segment[24] ^= 0x01;
        Assert.Equal(PacketError.BadChecksum, TcpHeader.VerifyChecksum(segment, Src, Dst));
    }

    [Fact]
    public void Ipv4_packet_carries_a_valid_ip_header_and_segment()
    {
        var header = new TcpHeader(49152, 179, 100, 0, TcpFlags.Syn, 65535);
        var packet = header.ToIpv4Packet(Src, Dst, [], identification: 42);
        Assert.Equal(40, packet.Length);
        Assert.Equal(PacketError.None, Ipv4Header.TryRead(packet, out var ip, out var l4));
        Assert.Equal(IpProtocol.Tcp, ip.Protocol);
        Assert.Equal(42, ip.Identification);
        Assert.True(ip.DontFragment);
        Assert.Equal(0xC0, ip.TypeOfService);
        Assert.Equal(PacketError.None, TcpHeader.VerifyChecksum(l4, Src, Dst));
        Assert.Equal(PacketError.None, TcpHeader.TryRead(l4, out var read, out _));
        Assert.Equal(header, read with { Checksum = 0 });
    }
}
