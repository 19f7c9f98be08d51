using System.Buffers.Binary;

namespace ActorFabric.Wire.Underlay;

/// <summary>
/// Codec for CSNP and PSNP bodies (layout in <see cref="LinkStatePduHeader"/>): a count and
/// fixed 12-byte entries, read in place without copying.
/// </summary>
public readonly ref struct SequenceNumbersPacket
{
    public const int FixedLength = LinkStatePduHeader.Length + 4;
    public const int EntryLength = 12;

    private readonly ReadOnlySpan<byte> _pdu;

    private SequenceNumbersPacket(ReadOnlySpan<byte> pdu, LinkStatePduType type)
    {
        _pdu = pdu;
        Type = type;
    }

    public LinkStatePduType Type { get; }
    public bool IsComplete => Type == LinkStatePduType.CompleteSequenceNumbers;
    public uint SenderRouterId => BinaryPrimitives.ReadUInt32BigEndian(_pdu[8..]);
    public int Count => (int)BinaryPrimitives.ReadUInt32BigEndian(_pdu[12..]);

    public SequenceNumbersEntry this[int index]
    {
        get
        {
            var e = _pdu.Slice(FixedLength + index * EntryLength, EntryLength);
            return new SequenceNumbersEntry(
                BinaryPrimitives.ReadUInt32BigEndian(e),
                BinaryPrimitives.ReadUInt32BigEndian(e[4..]),
                BinaryPrimitives.ReadUInt16BigEndian(e[8..]));
        }
    }

    public static int GetEncodedLength(int entryCount) => FixedLength + entryCount * EntryLength;

    public static LinkStateDecodeError TryRead(ReadOnlySpan<byte> pdu, out SequenceNumbersPacket packet)
    {
        packet = default;
        var error = LinkStatePduHeader.TryRead(pdu, out var type, out int length, out _);
        if (error != LinkStateDecodeError.None) return error;
        if (type is not (LinkStatePduType.CompleteSequenceNumbers or LinkStatePduType.PartialSequenceNumbers)) return LinkStateDecodeError.UnexpectedType;
        if (length < FixedLength) return LinkStateDecodeError.LengthMismatch;
        uint count = BinaryPrimitives.ReadUInt32BigEndian(pdu[12..]);
        if ((ulong)length != FixedLength + (ulong)count * EntryLength) return LinkStateDecodeError.LengthMismatch;
        packet = new SequenceNumbersPacket(pdu[..length], type);
        return LinkStateDecodeError.None;
    }

    public static int Write(Span<byte> destination, LinkStatePduType type, uint senderRouterId, ReadOnlySpan<SequenceNumbersEntry> entries)
    {
        if (type is not (LinkStatePduType.CompleteSequenceNumbers or LinkStatePduType.PartialSequenceNumbers)) throw new ArgumentOutOfRangeException(nameof(type));
        int length = GetEncodedLength(entries.Length);
        if (destination.Length < length) throw new ArgumentException("destination too small", nameof(destination));
        LinkStatePduHeader.Write(destination, type, length, senderRouterId);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], (uint)entries.Length);
        int offset = FixedLength;
        foreach (var entry in entries)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], entry.OriginRouterId);
            BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 4)..], entry.SequenceNumber);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 8)..], entry.RemainingLifetime);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 10)..], 0);
            offset += EntryLength;
        }
        return length;
    }

    public static byte[] ToArray(LinkStatePduType type, uint senderRouterId, ReadOnlySpan<SequenceNumbersEntry> entries)
    {
        var bytes = new byte[GetEncodedLength(entries.Length)];
        Write(bytes, type, senderRouterId, entries);
        return bytes;
    }
}
