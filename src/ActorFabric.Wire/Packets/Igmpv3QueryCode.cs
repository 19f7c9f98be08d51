using System.Buffers.Binary;

namespace ActorFabric.Wire.Packets;

/// <summary>
/// The floating-point codes of IGMPv3 and MLDv2 queries. Below 2^(m+3) a code is its value; above,
/// it is 1|exp(3 bits)|mant(m bits) meaning (mant | 2^m) &lt;&lt; (exp + 3). IGMPv3 Max Resp Code and
/// QQIC use m = 4 on 8 bits (RFC 3376 §4.1.1, §4.1.7); the MLDv2 Maximum Response Code uses m = 12 on
/// 16 bits (RFC 3810 §5.1.3) and its QQIC m = 4 (§5.1.9).
/// </summary>
public static class Igmpv3QueryCode
{
    public const int ByteMantissaBits = 4, MldResponseMantissaBits = 12;

    public static int Decode(int code, int mantissaBits)
    {
        if (code < 1 << (mantissaBits + 3)) return code;
        int exponent = (code >> mantissaBits) & 7;
        int mantissa = code & ((1 << mantissaBits) - 1);
        return (mantissa | (1 << mantissaBits)) << (exponent + 3);
    }

    /// <summary>The code for <paramref name="value"/>, rounded down to a representable value and capped at the largest.</summary>
    public static int Encode(int value, int mantissaBits)
    {
        if (value < 1 << (mantissaBits + 3)) return Math.Max(0, value);
        for (int exponent = 0; exponent < 8; exponent++)
        {
            int mantissa = (value >> (exponent + 3)) - (1 << mantissaBits);
            if (mantissa < 1 << mantissaBits) return (1 << (mantissaBits + 3)) | (exponent << mantissaBits) | mantissa;
        }
        return (1 << (mantissaBits + 4)) - 1;
    }

    /// <summary>
    /// Writes the part of a query after its group that IGMPv3 and MLDv2 share (RFC 3376 §4.1.5–4.1.8, RFC 3810
    /// §5.1.7–5.1.10): Resv|S|QRV (S = 0x08; QRV in 3 bits, a robustness above 7 sent as 0), QQIC, number of sources.
    /// The sources follow.
    /// </summary>
    internal static void WriteQuerierFields(Span<byte> destination, bool suppressRouterProcessing, byte robustness, byte queryIntervalCode, int sourceCount)
    {
        destination[0] = (byte)((suppressRouterProcessing ? 0x08 : 0) | (robustness <= 7 ? robustness : 0));
        destination[1] = queryIntervalCode;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)sourceCount);
    }

    /// <summary>Reads those fields at <paramref name="offset"/> and the source list after them (<paramref name="addressLength"/> octets each).</summary>
    internal static PacketError ReadQuerierFields(ReadOnlySpan<byte> message, int offset, int addressLength,
        out bool suppressRouterProcessing, out byte robustness, out byte queryIntervalCode, out ReadOnlySpan<byte> sources)
    {
        suppressRouterProcessing = (message[offset] & 0x08) != 0;
        robustness = (byte)(message[offset] & 0x07);
        queryIntervalCode = message[offset + 1];
        int sourceLength = addressLength * BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]);
        sources = offset + 4 + sourceLength <= message.Length ? message.Slice(offset + 4, sourceLength) : default;
        return offset + 4 + sourceLength <= message.Length ? PacketError.None : PacketError.Truncated;
    }
}
