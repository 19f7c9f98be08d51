using System.Buffers.Binary;
using System.Net;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Cli.Bgp;

/// <summary>
/// A TCP segment taken out of a captured frame (Ethernet/802.1Q, Linux cooked v1/v2, raw IP, BSD loopback): the
/// link and IP layers are unwrapped here, the TCP header is read by the wire layer's <see cref="TcpHeader"/>.
/// </summary>
public sealed record CapturedTcpSegment(IPEndPoint Source, IPEndPoint Destination, TcpHeader Header, byte[] Payload)
{
    public uint Sequence => Header.Sequence;

    public static CapturedTcpSegment? TryParse(int linkType, ReadOnlySpan<byte> frame)
    {
        int etherType;
        ReadOnlySpan<byte> ip;
        switch (linkType)
        {
            case 1: // Ethernet II, with any number of 802.1Q / 802.1ad tags
            {
                if (frame.Length < 14) return null;
                int p = 12;
                etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[p..]);
                while (etherType is 0x8100 or 0x88A8 && frame.Length >= p + 6)
                {
                    p += 4;
                    etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[p..]);
                }
                ip = frame[(p + 2)..];
                break;
            }
            case 113: // Linux cooked capture v1: 16-octet header, protocol in the last two
                if (frame.Length < 16) return null;
                etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[14..]);
                ip = frame[16..];
                break;
            case 276: // Linux cooked capture v2: protocol first, 20-octet header
                if (frame.Length < 20) return null;
                etherType = BinaryPrimitives.ReadUInt16BigEndian(frame);
                ip = frame[20..];
                break;
            case 0: // BSD loopback: 4-octet address family in host order
                if (frame.Length < 4) return null;
                ip = frame[4..];
                etherType = ip.Length > 0 && ip[0] >> 4 == 6 ? 0x86DD : 0x0800;
                break;
            case 12 or 14 or 101 or 228 or 229: // raw IP
                ip = frame;
                etherType = ip.Length > 0 && ip[0] >> 4 == 6 ? 0x86DD : 0x0800;
                break;
            default:
                return null;
        }
        return etherType switch
        {
            0x0800 => FromIpv4(ip),
            0x86DD => FromIpv6(ip),
            _ => null,
        };
    }

    private static CapturedTcpSegment? FromIpv4(ReadOnlySpan<byte> ip)
    {
        if (ip.Length < 20 || ip[0] >> 4 != 4) return null;
        int ihl = (ip[0] & 0x0F) * 4;
        int total = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
        if (ip[9] != 6 || ihl < 20 || total < ihl || total > ip.Length) return null;
        if ((BinaryPrimitives.ReadUInt16BigEndian(ip[6..]) & 0x3FFF) != 0) return null; // fragments are not reassembled
        var src = new IPAddress(ip.Slice(12, 4));
        var dst = new IPAddress(ip.Slice(16, 4));
        return FromTcp(src, dst, ip[ihl..total]);
    }

    private static CapturedTcpSegment? FromIpv6(ReadOnlySpan<byte> ip)
    {
        if (ip.Length < 40 || ip[0] >> 4 != 6 || ip[6] != 6) return null;
        int payload = BinaryPrimitives.ReadUInt16BigEndian(ip[4..]);
        if (40 + payload > ip.Length) return null;
        return FromTcp(new IPAddress(ip.Slice(8, 16)), new IPAddress(ip.Slice(24, 16)), ip.Slice(40, payload));
    }

    private static CapturedTcpSegment? FromTcp(IPAddress src, IPAddress dst, ReadOnlySpan<byte> tcp)
    {
        if (TcpHeader.TryRead(tcp, out var header, out var payload) != PacketError.None) return null;
        return new CapturedTcpSegment(new IPEndPoint(src, header.SourcePort), new IPEndPoint(dst, header.DestinationPort), header, payload.ToArray());
    }
}
