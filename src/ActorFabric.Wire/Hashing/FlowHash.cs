using System.Buffers.Binary;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Wire.Hashing;

/// <summary>
/// Stable per-flow hash of an Ethernet frame, used for the VXLAN UDP source port (RFC 7348 §5)
/// and for ECMP next-hop choice. Fields hashed (VLAN tag skipped, never hashed):
/// <list type="bullet">
/// <item>IPv4: source, destination, protocol, and for unfragmented UDP/TCP the two ports.</item>
/// <item>IPv6: source, destination, next header, and for UDP/TCP directly after the fixed header the ports.</item>
/// <item>Anything else (ARP, unknown EtherTypes, malformed IP): source MAC, destination MAC, EtherType.</item>
/// </list>
/// FNV-1a 32 over those fields seeded by <paramref name="seed"/>, then <see cref="HashMixer.Mix"/>.
/// Devices should pass a per-device seed (e.g. <c>Fnv1a.Hash32(deviceName)</c>) for their ECMP
/// decision so that successive tiers do not all pick the same index (hash polarisation).
/// </summary>
public static class FlowHash
{
    private const byte KindL2 = 2, KindIpv4 = 4, KindIpv6 = 6;

    public static uint OfFrame(ReadOnlySpan<byte> ethernetFrame, uint seed = 0)
    {
        if (ethernetFrame.Length < EthernetHeader.UntaggedLength) return HashMixer.Mix(Fnv1a.Append32(Fnv1a.Offset32 ^ seed, ethernetFrame));
        int offset = 12;
        ushort type = BinaryPrimitives.ReadUInt16BigEndian(ethernetFrame[12..]);
        if (type == (ushort)EtherType.Vlan && ethernetFrame.Length >= EthernetHeader.TaggedLength)
        {
            offset = 16;
            type = BinaryPrimitives.ReadUInt16BigEndian(ethernetFrame[16..]);
        }
        var payload = ethernetFrame[(offset + 2)..];
        Span<byte> key = stackalloc byte[40];
        int length = type switch
        {
            (ushort)EtherType.Ipv4 => Ipv4Key(payload, key),
            (ushort)EtherType.Ipv6 => Ipv6Key(payload, key),
            _ => 0,
        };
        if (length == 0)
        {
            key[0] = KindL2;
            ethernetFrame[..12].CopyTo(key[1..]);
            BinaryPrimitives.WriteUInt16BigEndian(key[13..], type);
            length = 15;
        }
        return HashMixer.Mix(Fnv1a.Append32(Fnv1a.Offset32 ^ seed, key[..length]));
    }

    /// <summary>Hash of an IPv4 5-tuple; equals <see cref="OfFrame"/> of a UDP/TCP frame with these fields.</summary>
    public static uint OfIpv4FiveTuple(Ipv4Address source, Ipv4Address destination, IpProtocol protocol, ushort sourcePort, ushort destinationPort, uint seed = 0)
    {
        Span<byte> key = stackalloc byte[14];
        key[0] = KindIpv4;
        source.Write(key[1..]);
        destination.Write(key[5..]);
        key[9] = (byte)protocol;
        BinaryPrimitives.WriteUInt16BigEndian(key[10..], sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(key[12..], destinationPort);
        return HashMixer.Mix(Fnv1a.Append32(Fnv1a.Offset32 ^ seed, key));
    }

    private static int Ipv4Key(ReadOnlySpan<byte> packet, Span<byte> key)
    {
        if (packet.Length < Ipv4Header.MinimumLength || packet[0] >> 4 != 4) return 0;
        int headerLength = (packet[0] & 0xF) * 4;
        if (headerLength < Ipv4Header.MinimumLength || headerLength > packet.Length) return 0;
        key[0] = KindIpv4;
        packet.Slice(12, 8).CopyTo(key[1..]);
        byte protocol = packet[9];
        key[9] = protocol;
        bool fragment = (BinaryPrimitives.ReadUInt16BigEndian(packet[6..]) & 0x3FFF) != 0;
        if (!fragment && HasPorts(protocol) && packet.Length >= headerLength + 4)
        {
            packet.Slice(headerLength, 4).CopyTo(key[10..]);
            return 14;
        }
        return 10;
    }

    private static int Ipv6Key(ReadOnlySpan<byte> packet, Span<byte> key)
    {
        if (packet.Length < Ipv6Header.Length || packet[0] >> 4 != 6) return 0;
        key[0] = KindIpv6;
        packet.Slice(8, 32).CopyTo(key[1..]);
        byte next = packet[6];
        key[33] = next;
        if (HasPorts(next) && packet.Length >= Ipv6Header.Length + 4)
        {
            packet.Slice(Ipv6Header.Length, 4).CopyTo(key[34..]);
            return 38;
        }
        return 34;
    }

    private static bool HasPorts(byte protocol) => protocol is (byte)IpProtocol.Udp or (byte)IpProtocol.Tcp;
}
