using System.Buffers.Binary;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.Runtime.Transport;

[Flags]
internal enum TcpFlags : byte
{
    Fin = 0x01,
    Syn = 0x02,
    Rst = 0x04,
    Psh = 0x08,
    Ack = 0x10,
}

/// <summary>
/// A TCP segment header without options (RFC 9293 §3.1), written with a real checksum over the IPv4 pseudo
/// header so captures decode cleanly. Only what the emulated BGP transport needs.
/// </summary>
internal readonly record struct TcpSegment(ushort SourcePort, ushort DestinationPort, uint Sequence, uint Acknowledgment, TcpFlags Flags)
{
    public const int HeaderLength = 20;
    public const ushort Window = 65535;

    /// <summary>Builds a complete IPv4 packet (header + TCP segment + payload).</summary>
    public byte[] ToIpv4Packet(uint source, uint destination, ReadOnlySpan<byte> payload, ushort identification)
    {
        int tcpLength = HeaderLength + payload.Length;
        var ip = Ipv4Header.Create(new Ipv4Address(source), new Ipv4Address(destination), IpProtocol.Tcp, tcpLength,
            ttl: 64, dontFragment: true, identification: identification, typeOfService: 0xC0); // CS6: network control
        var packet = new byte[ip.WriteLength + tcpLength];
        int off = ip.Write(packet);
        var tcp = packet.AsSpan(off);
        BinaryPrimitives.WriteUInt16BigEndian(tcp, SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], DestinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], Sequence);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[8..], (Flags & TcpFlags.Ack) != 0 ? Acknowledgment : 0);
        tcp[12] = (HeaderLength / 4) << 4;
        tcp[13] = (byte)Flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[14..], Window);
        payload.CopyTo(tcp[HeaderLength..]);
        ulong sum = InternetChecksum.Ipv4PseudoHeader(new Ipv4Address(source), new Ipv4Address(destination), IpProtocol.Tcp, tcpLength);
        ushort checksum = InternetChecksum.Finish(InternetChecksum.Add(sum, tcp));
        BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], checksum);
        return packet;
    }

    /// <summary>Reads the header of a TCP segment (the IPv4 payload); false when truncated.</summary>
    public static bool TryRead(ReadOnlySpan<byte> segment, out TcpSegment header, out ReadOnlySpan<byte> payload)
    {
        header = default;
        payload = default;
        if (segment.Length < HeaderLength) return false;
        int dataOffset = (segment[12] >> 4) * 4;
        if (dataOffset < HeaderLength || dataOffset > segment.Length) return false;
        header = new TcpSegment(
            BinaryPrimitives.ReadUInt16BigEndian(segment),
            BinaryPrimitives.ReadUInt16BigEndian(segment[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(segment[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(segment[8..]),
            (TcpFlags)(segment[13] & 0x1F));
        payload = segment[dataOffset..];
        return true;
    }
}
