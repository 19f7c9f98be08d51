using System.Buffers.Binary;

namespace ActorFabric.Wire.Underlay;

/// <summary>
/// Common header of ActorFabric's own underlay link-state PDUs (format version 1), an
/// IS-IS-like protocol simplified for emulated point-to-point links. All fields big-endian.
/// <code>
/// Header (12 bytes)
///   0  u8   version (= 1)
///   1  u8   type (LinkStatePduType)
///   2  u16  reserved, 0 on send, ignored on receipt
///   4  u32  total PDU length in bytes, header included
///   8  u32  sender router id: the transmitting router for hellos and SNPs; for an LSP the
///           originator, since LSPs are flooded byte-for-byte unchanged (as in IS-IS)
/// Hello body (20 bytes, PDU = 32 bytes)
///  12  u32  sender interface id
///  16  u32  hold time in milliseconds
///  20  u8   adjacency state (LinkStateAdjacencyState), u8[3] reserved
///  24  u32  neighbor router id heard on this interface (0 = none yet)
///  28  u32  neighbor interface id
/// Link-state packet body (16 bytes + 8 per neighbor + 8 per prefix)
///  12  u32  origin router id
///  16  u32  sequence number (newer = larger)
///  20  u16  remaining lifetime in seconds (0xFFFF = does not age)
///  22  u8   flags (bit 0 = overload: not to be used for transit), u8 reserved
///  24  u16  neighbor count N, u16 prefix count P
///  28  N x (u32 neighbor router id, u32 metric)
///      P x (u32 address, u8 prefix length, u8[3] reserved)
/// Sequence-numbers body, complete (CSNP) and partial (PSNP) (4 bytes + 12 per entry)
///  12  u32  entry count E
///  16  E x (u32 origin router id, u32 sequence number, u16 remaining lifetime, u16 reserved)
/// </code>
/// Unknown versions are rejected so a later format can coexist on a link.
/// </summary>
public static class LinkStatePduHeader
{
    public const byte Version = 1;
    public const int Length = 12;

    /// <summary>Reads and validates the common header; the buffer may be longer than the PDU.</summary>
    public static LinkStateDecodeError TryRead(ReadOnlySpan<byte> pdu, out LinkStatePduType type, out int totalLength, out uint senderRouterId)
    {
        type = 0;
        totalLength = 0;
        senderRouterId = 0;
        if (pdu.Length < Length) return LinkStateDecodeError.Truncated;
        if (pdu[0] != Version) return LinkStateDecodeError.UnsupportedVersion;
        type = (LinkStatePduType)pdu[1];
        if (type is < LinkStatePduType.Hello or > LinkStatePduType.PartialSequenceNumbers) return LinkStateDecodeError.UnexpectedType;
        uint length = BinaryPrimitives.ReadUInt32BigEndian(pdu[4..]);
        if (length < Length) return LinkStateDecodeError.LengthMismatch;
        if (length > (uint)pdu.Length) return LinkStateDecodeError.Truncated;
        totalLength = (int)length;
        senderRouterId = BinaryPrimitives.ReadUInt32BigEndian(pdu[8..]);
        return LinkStateDecodeError.None;
    }

    /// <summary>Peeks at the type byte without validating the rest.</summary>
    public static bool TryPeekType(ReadOnlySpan<byte> pdu, out LinkStatePduType type)
    {
        type = 0;
        if (pdu.Length < 2 || pdu[0] != Version) return false;
        type = (LinkStatePduType)pdu[1];
        return true;
    }

    internal static void Write(Span<byte> destination, LinkStatePduType type, int totalLength, uint senderRouterId)
    {
        destination[0] = Version;
        destination[1] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)totalLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], senderRouterId);
    }
}
