using System.Buffers.Binary;

namespace ActorFabric.Wire.Bfd;

/// <summary>
/// The mandatory section of a BFD Control packet, RFC 5880 §4.1 (24 bytes, no authentication).
/// Intervals are in microseconds, as on the wire.
/// <code>
///  0  Vers(3 bits) | Diag(5 bits)
///  1  Sta(2) | P | F | C | A | D | M
///  2  Detect Mult      3  Length
///  4  My Discriminator           8  Your Discriminator
/// 12  Desired Min TX Interval   16  Required Min RX Interval
/// 20  Required Min Echo RX Interval
/// </code>
/// </summary>
public readonly record struct BfdControlPacket(
    BfdState State,
    BfdDiagnostic Diagnostic,
    byte DetectMultiplier,
    uint MyDiscriminator,
    uint YourDiscriminator,
    uint DesiredMinTxIntervalMicroseconds,
    uint RequiredMinRxIntervalMicroseconds,
    uint RequiredMinEchoRxIntervalMicroseconds = 0,
    bool Poll = false,
    bool Final = false,
    bool ControlPlaneIndependent = false,
    bool Demand = false)
{
    public const byte Version = 1;
    public const int MandatoryLength = 24;

    public int WriteTo(Span<byte> destination)
    {
        if (destination.Length < MandatoryLength) throw new ArgumentException("destination shorter than 24 bytes", nameof(destination));
        destination[0] = (byte)((Version << 5) | ((byte)Diagnostic & 0x1F));
        destination[1] = (byte)(((byte)State << 6)
            | (Poll ? 0x20 : 0)
            | (Final ? 0x10 : 0)
            | (ControlPlaneIndependent ? 0x08 : 0)
            // A (0x04) and M (0x01) stay clear: no authentication, and M is reserved (§4.1).
            | (Demand ? 0x02 : 0));
        destination[2] = DetectMultiplier;
        destination[3] = MandatoryLength;
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], MyDiscriminator);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], YourDiscriminator);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], DesiredMinTxIntervalMicroseconds);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], RequiredMinRxIntervalMicroseconds);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], RequiredMinEchoRxIntervalMicroseconds);
        return MandatoryLength;
    }

    public byte[] ToArray()
    {
        var bytes = new byte[MandatoryLength];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>
    /// Decodes and applies the packet-only checks of RFC 5880 §6.8.6. <paramref name="packet"/>
    /// is the received packet (encapsulation payload); anything past the Length field is ignored.
    /// </summary>
    public static BfdDecodeError TryRead(ReadOnlySpan<byte> packet, out BfdControlPacket result)
    {
        result = default;
        if (packet.Length < MandatoryLength) return BfdDecodeError.Truncated;
        if (packet[0] >> 5 != Version) return BfdDecodeError.UnsupportedVersion;
        byte flags = packet[1];
        if ((flags & 0x04) != 0) return BfdDecodeError.AuthenticationNotSupported;
        byte length = packet[3];
        if (length < MandatoryLength) return BfdDecodeError.LengthTooShort;
        if (length > packet.Length) return BfdDecodeError.Truncated;
        byte detectMult = packet[2];
        if (detectMult == 0) return BfdDecodeError.ZeroDetectMultiplier;
        if ((flags & 0x01) != 0) return BfdDecodeError.MultipointSet;
        uint my = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        if (my == 0) return BfdDecodeError.ZeroMyDiscriminator;
        uint your = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        var state = (BfdState)(flags >> 6);
        if (your == 0 && state is BfdState.Init or BfdState.Up) return BfdDecodeError.ZeroYourDiscriminator;
        result = new BfdControlPacket(
            state,
            (BfdDiagnostic)(packet[0] & 0x1F),
            detectMult,
            my,
            your,
            BinaryPrimitives.ReadUInt32BigEndian(packet[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[20..]),
            Poll: (flags & 0x20) != 0,
            Final: (flags & 0x10) != 0,
            ControlPlaneIndependent: (flags & 0x08) != 0,
            Demand: (flags & 0x02) != 0);
        return BfdDecodeError.None;
    }
}
