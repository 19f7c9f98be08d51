using System.Buffers.Binary;

namespace ActorFabric.Wire.Packets;

/// <summary>What an IP multicast frame carries, as far as a snooping switch cares (RFC 4541 §2).</summary>
public enum MulticastFrameKind : byte
{
    /// <summary>Not IP multicast (broadcast, non-IP multicast, unicast, malformed): plain BUM handling.</summary>
    None,
    /// <summary>An IGMP message (IPv4 protocol 2): membership state, never forwarded as data (RFC 4541 §2.1.1).</summary>
    Igmp,
    /// <summary>An MLD message (ICMPv6 130/131/132/143, RFC 2710 §3, RFC 3810 §5).</summary>
    Mld,
    /// <summary>Data or control to a link-local group (224.0.0.0/24, ff02::/16): always flooded (RFC 4541 §2.1.2 (2)).</summary>
    LinkLocal,
    /// <summary>Data to a routable group: forwarded only where listeners are when snooping is on.</summary>
    Data,
}

/// <summary>
/// Classifies the IP payload of a multicast Ethernet frame without allocating: the group and source as numbers (an
/// IPv4 address in the low 32 bits) and, for IGMP/MLD, where the message sits in the frame.
/// </summary>
public readonly record struct MulticastFrame(MulticastFrameKind Kind, bool IsIpv6, UInt128 Group, UInt128 Source, int MessageOffset, int MessageLength)
{
    private const byte IcmpV6 = 58, HopByHop = 0;

    /// <summary>The IPv4 group of an IPv4 frame.</summary>
    public Ipv4Address Group4 => new((uint)Group);
    public Ipv4Address Source4 => new((uint)Source);

    private static UInt128 Number(Ipv6Address a) => ((UInt128)a.High << 64) | a.Low;

    /// <summary>
    /// Reads <paramref name="frame"/> (a whole Ethernet frame, tagged or not). Anything that is not IPv4/IPv6 to a
    /// multicast group, or does not parse, is <see cref="MulticastFrameKind.None"/>.
    /// </summary>
    public static MulticastFrame Classify(ReadOnlySpan<byte> frame)
    {
        if (EthernetHeader.TryRead(frame, out var eth, out var l3) != PacketError.None || !eth.Destination.IsMulticast || eth.Destination.IsBroadcast)
            return default;
        int l3Offset = frame.Length - l3.Length;
        if (eth.EtherType == EtherType.Ipv4)
        {
            if (Ipv4Header.TryRead(l3, out var ip, out var payload) != PacketError.None || !ip.Destination.IsMulticast) return default;
            UInt128 group = ip.Destination.Value, source = ip.Source.Value;
            if (ip.Protocol == IpProtocol.Igmp)
                return new MulticastFrame(MulticastFrameKind.Igmp, false, group, source, l3Offset + ip.HeaderLength, payload.Length);
            // 224.0.0.0/24: local network control block, never pruned (RFC 4541 §2.1.2 (2)).
            var kind = (ip.Destination.Value & 0xFFFF_FF00u) == 0xE000_0000u ? MulticastFrameKind.LinkLocal : MulticastFrameKind.Data;
            return new MulticastFrame(kind, false, group, source, 0, 0);
        }
        if (eth.EtherType == EtherType.Ipv6)
        {
            if (Ipv6Header.TryRead(l3, out var ip, out var payload) != PacketError.None || !ip.Destination.IsMulticast) return default;
            int offset = l3Offset + Ipv6Header.Length;
            byte next = (byte)ip.NextHeader;
            // MLD rides behind a Hop-by-Hop header with a Router Alert (RFC 3810 §5, RFC 2711): skip that one header.
            if (next == HopByHop && payload.Length >= 8)
            {
                int length = (payload[1] + 1) * 8;
                if (length > payload.Length) return default;
                next = payload[0];
                payload = payload[length..];
                offset += length;
            }
            if (next == IcmpV6 && payload.Length >= 4 && payload[0] is 130 or 131 or 132 or 143)
                return new MulticastFrame(MulticastFrameKind.Mld, true, Number(ip.Destination), Number(ip.Source), offset, payload.Length);
            // ff02::/16 (link-local scope, RFC 4291 §2.7) floods like 224.0.0.0/24.
            var kind = (ip.Destination.High >> 48) == 0xFF02 ? MulticastFrameKind.LinkLocal : MulticastFrameKind.Data;
            return new MulticastFrame(kind, true, Number(ip.Destination), Number(ip.Source), 0, 0);
        }
        return default;
    }

}
