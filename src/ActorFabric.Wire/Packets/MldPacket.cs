using System.Buffers.Binary;

namespace ActorFabric.Wire.Packets;

/// <summary>
/// The IPv6 framing MLD shares: hop limit 1, a Hop-by-Hop header with the Router Alert option
/// (RFC 2710 §3, RFC 3810 §5), and the ICMPv6 checksum over the pseudo-header (RFC 4443 §2.3,
/// RFC 8200 §8.1). The message readers (<see cref="MldMessage"/>, <see cref="Mldv2Query"/>,
/// <see cref="Mldv2Report"/>) take the ICMPv6 message that <see cref="TryRead"/> has already
/// checksum-verified, since the checksum needs the addresses of the IPv6 header.
/// </summary>
public static class MldPacket
{
    /// <summary>8 octets: next header, length 0 (= 8 octets), Router Alert (type 5, length 2, value 0 = MLD), PadN of 0.</summary>
    public const int HopByHopLength = 8;
    private const byte RouterAlertOption = 5, PadNOption = 1;

    /// <summary>Writes the Hop-by-Hop header that precedes every MLD message.</summary>
    public static int WriteHopByHop(Span<byte> destination)
    {
        var header = destination[..HopByHopLength];
        header[0] = (byte)IpProtocol.Icmpv6;
        header[1] = 0; // length in 8-octet units, not counting the first 8 (RFC 8200 §4.3)
        // Router Alert option (RFC 2711 §2.1): type 5, length 2, value 0 = "datagram contains an MLD message".
        header[2] = RouterAlertOption;
        header[3] = 2;
        header[4] = 0;
        header[5] = 0;
        // PadN with no data octets fills the header to its 8-octet multiple (RFC 8200 §4.2).
        header[6] = PadNOption;
        header[7] = 0;
        return HopByHopLength;
    }

    /// <summary>Computes and stores the ICMPv6 checksum of a complete message (field at offset 2).</summary>
    public static void WriteChecksum(Span<byte> message, Ipv6Address source, Ipv6Address destination)
    {
        message[2] = 0;
        message[3] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(message[2..], Checksum(message, source, destination));
    }

    public static bool VerifyChecksum(ReadOnlySpan<byte> message, Ipv6Address source, Ipv6Address destination) =>
        Checksum(message, source, destination) == 0;

    /// <summary>
    /// Reads an IPv6 packet as MLD: an optional Hop-by-Hop header (walked, its Router Alert noted),
    /// then ICMPv6 with a verified checksum and an MLD type. <paramref name="message"/> is the ICMPv6 message.
    /// </summary>
    public static PacketError TryRead(ReadOnlySpan<byte> ipv6Packet, out Ipv6Header ip, out ReadOnlySpan<byte> message, out bool routerAlert)
    {
        message = default;
        routerAlert = false;
        var error = Ipv6Header.TryRead(ipv6Packet, out ip, out var payload);
        if (error != PacketError.None) return error;
        var next = ip.NextHeader;
        if (next == IpProtocol.HopByHop)
        {
            error = TryWalkHopByHop(payload, out next, out routerAlert, out int length);
            if (error != PacketError.None) return error;
            payload = payload[length..];
        }
        if (next != IpProtocol.Icmpv6) return PacketError.UnexpectedProtocol;
        if (payload.Length < 4) return PacketError.Truncated;
        if (payload[0] is not ((byte)MldType.Query or (byte)MldType.V1Report or (byte)MldType.V1Done or (byte)MldType.V2Report))
            return PacketError.UnsupportedMessageType;
        if (!VerifyChecksum(payload, ip.Source, ip.Destination)) return PacketError.BadChecksum;
        message = payload;
        return PacketError.None;
    }

    /// <summary>Walks the options of a Hop-by-Hop header (RFC 8200 §4.2–4.3).</summary>
    public static PacketError TryWalkHopByHop(ReadOnlySpan<byte> header, out IpProtocol next, out bool routerAlert, out int length)
    {
        next = default;
        routerAlert = false;
        length = 0;
        if (header.Length < 2) return PacketError.Truncated;
        int total = 8 * (header[1] + 1);
        if (total > header.Length) return PacketError.Truncated;
        var options = header[2..total];
        while (!options.IsEmpty)
        {
            if (options[0] == 0) { options = options[1..]; continue; } // Pad1 has no length octet
            if (options.Length < 2 || 2 + options[1] > options.Length) return PacketError.InvalidHeaderLength;
            if (options[0] == RouterAlertOption) routerAlert = true;
            options = options[(2 + options[1])..];
        }
        next = (IpProtocol)header[0];
        length = total;
        return PacketError.None;
    }

    internal static ushort Checksum(ReadOnlySpan<byte> message, Ipv6Address source, Ipv6Address destination) =>
        InternetChecksum.Finish(InternetChecksum.Add(InternetChecksum.Ipv6PseudoHeader(source, destination, IpProtocol.Icmpv6, message.Length), message));
}
