using System.Buffers.Binary;

namespace ActorFabric.Wire.Packets;

/// <summary>
/// The Internet checksum (RFC 1071): ones' complement of the ones' complement sum of 16-bit
/// big-endian words. Used by IPv4 headers, UDP, ICMP and IGMP.
/// </summary>
public static class InternetChecksum
{
    /// <summary>
    /// Adds <paramref name="data"/> to a running (unfolded) sum. Only the last chunk of a message
    /// may have odd length: an odd tail is padded with a zero octet (RFC 1071 §4.1).
    /// </summary>
    public static ulong Add(ulong sum, ReadOnlySpan<byte> data)
    {
        // Summing 32-bit words and folding later gives the same 16-bit ones' complement sum,
        // because 2^16 ≡ 1 (mod 2^16 - 1) (RFC 1071 §2(B), byte-order/width independence).
        int i = 0;
        for (; i + 4 <= data.Length; i += 4) sum += BinaryPrimitives.ReadUInt32BigEndian(data[i..]);
        if (i + 2 <= data.Length)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
            i += 2;
        }
        if (i < data.Length) sum += (uint)data[i] << 8;
        return sum;
    }

    public static ulong Add(ulong sum, ushort word) => sum + word;

    public static ulong Add(ulong sum, uint doubleWord) => sum + doubleWord;

    /// <summary>Folds the carries and complements: the value to put in a checksum field.</summary>
    public static ushort Finish(ulong sum)
    {
        while ((sum >> 16) != 0) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }

    /// <summary>Checksum of one buffer (checksum field inside it must be zero when computing).</summary>
    public static ushort Compute(ReadOnlySpan<byte> data) => Finish(Add(0, data));

    /// <summary>True when the sum over a buffer that includes its checksum field verifies (result 0).</summary>
    public static bool Verify(ReadOnlySpan<byte> data) => Compute(data) == 0;

    /// <summary>IPv4 pseudo-header sum for UDP/TCP: src, dst, zero, protocol, length (RFC 768).</summary>
    public static ulong Ipv4PseudoHeader(Ipv4Address source, Ipv4Address destination, IpProtocol protocol, int length) =>
        (ulong)source.Value + destination.Value + (uint)protocol + (uint)length;

    /// <summary>IPv6 pseudo-header sum: src, dst, 32-bit length, next header (RFC 8200 §8.1).</summary>
    public static ulong Ipv6PseudoHeader(Ipv6Address source, Ipv6Address destination, IpProtocol nextHeader, int length) =>
        (source.High >> 32) + (source.High & 0xFFFF_FFFF) + (source.Low >> 32) + (source.Low & 0xFFFF_FFFF)
        + (destination.High >> 32) + (destination.High & 0xFFFF_FFFF) + (destination.Low >> 32) + (destination.Low & 0xFFFF_FFFF)
        + (uint)length + (uint)nextHeader;
}
