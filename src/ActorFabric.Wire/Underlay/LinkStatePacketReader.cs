using System.Buffers.Binary;

namespace ActorFabric.Wire.Underlay;

/// <summary>
/// Zero-copy view of an encoded link-state packet (layout in <see cref="LinkStatePduHeader"/>).
/// Validates once in <see cref="TryCreate"/>; the accessors then index straight into the bytes.
/// </summary>
public readonly ref struct LinkStatePacketReader
{
    public const int FixedLength = LinkStatePduHeader.Length + 16;
    public const int NeighborEntryLength = 8;
    public const int PrefixEntryLength = 8;
    public const ushort NonAgingLifetime = 0xFFFF;

    private readonly ReadOnlySpan<byte> _pdu;

    private LinkStatePacketReader(ReadOnlySpan<byte> pdu) => _pdu = pdu;

    /// <summary>The exact PDU bytes (trimmed to the header's length).</summary>
    public ReadOnlySpan<byte> Bytes => _pdu;
    public uint SenderRouterId => BinaryPrimitives.ReadUInt32BigEndian(_pdu[8..]);
    public uint OriginRouterId => BinaryPrimitives.ReadUInt32BigEndian(_pdu[12..]);
    public uint SequenceNumber => BinaryPrimitives.ReadUInt32BigEndian(_pdu[16..]);
    public ushort RemainingLifetime => BinaryPrimitives.ReadUInt16BigEndian(_pdu[20..]);
    public bool Overload => (_pdu[22] & 1) != 0;
    public int NeighborCount => BinaryPrimitives.ReadUInt16BigEndian(_pdu[24..]);
    public int PrefixCount => BinaryPrimitives.ReadUInt16BigEndian(_pdu[26..]);

    public LinkStateNeighbor GetNeighbor(int index)
    {
        var entry = _pdu.Slice(FixedLength + index * NeighborEntryLength, NeighborEntryLength);
        return new LinkStateNeighbor(BinaryPrimitives.ReadUInt32BigEndian(entry), BinaryPrimitives.ReadUInt32BigEndian(entry[4..]));
    }

    public UnderlayPrefix GetPrefix(int index)
    {
        var entry = _pdu.Slice(FixedLength + NeighborCount * NeighborEntryLength + index * PrefixEntryLength, PrefixEntryLength);
        return new UnderlayPrefix(BinaryPrimitives.ReadUInt32BigEndian(entry), entry[4]);
    }

    public static LinkStateDecodeError TryCreate(ReadOnlySpan<byte> pdu, out LinkStatePacketReader reader)
    {
        reader = default;
        var error = LinkStatePduHeader.TryRead(pdu, out var type, out int length, out _);
        if (error != LinkStateDecodeError.None) return error;
        if (type != LinkStatePduType.LinkStatePacket) return LinkStateDecodeError.UnexpectedType;
        if (length < FixedLength) return LinkStateDecodeError.LengthMismatch;
        int neighbors = BinaryPrimitives.ReadUInt16BigEndian(pdu[24..]);
        int prefixes = BinaryPrimitives.ReadUInt16BigEndian(pdu[26..]);
        if (length != FixedLength + neighbors * NeighborEntryLength + prefixes * PrefixEntryLength) return LinkStateDecodeError.LengthMismatch;
        int prefixStart = FixedLength + neighbors * NeighborEntryLength;
        for (int i = 0; i < prefixes; i++)
        {
            if (pdu[prefixStart + i * PrefixEntryLength + 4] > 32) return LinkStateDecodeError.Malformed;
        }
        reader = new LinkStatePacketReader(pdu[..length]);
        return LinkStateDecodeError.None;
    }
}
