using System.Buffers.Binary;

namespace ActorFabric.Wire.Packets;

/// <summary>
/// The record list IGMPv3 and MLDv2 reports share: each record is type (1), auxiliary data length in 32-bit words
/// (1), number of sources (2), the group address, the sources, the auxiliary data (RFC 3376 §4.2.4, RFC 3810
/// §5.2.4). Only the address width differs (4 or 16 octets). Validates a list, then walks it without allocating.
/// </summary>
internal ref struct GroupRecordCursor
{
    private const int FixedLength = 4; // type, aux length, number of sources
    private readonly int _addressLength;
    private ReadOnlySpan<byte> _remaining;
    private int _left;

    public GroupRecordCursor(ReadOnlySpan<byte> records, int count, int addressLength)
    {
        _remaining = records;
        _left = count;
        _addressLength = addressLength;
    }

    /// <summary>Checks that <paramref name="count"/> records fit after <paramref name="headerLength"/>; <paramref name="end"/> is where they stop.</summary>
    public static PacketError Validate(ReadOnlySpan<byte> message, int headerLength, int count, int addressLength, out int end)
    {
        end = headerLength;
        for (int i = 0; i < count; i++)
        {
            if (end + FixedLength + addressLength > message.Length) return PacketError.Truncated;
            end += FixedLength + addressLength + addressLength * BinaryPrimitives.ReadUInt16BigEndian(message[(end + 2)..]) + 4 * message[end + 1];
            if (end > message.Length) return PacketError.Truncated;
        }
        return PacketError.None;
    }

    /// <summary>Writes a record's fixed part (type, no auxiliary data, number of sources); the address and sources follow it.</summary>
    public static int WriteFixed(Span<byte> destination, Igmpv3RecordType type, int sourceCount)
    {
        destination[0] = (byte)type;
        destination[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)sourceCount);
        return FixedLength;
    }

    public bool TryReadNext(out Igmpv3RecordType type, out ReadOnlySpan<byte> address, out ReadOnlySpan<byte> sources)
    {
        type = default;
        address = sources = default;
        if (_left == 0) return false;
        type = (Igmpv3RecordType)_remaining[0];
        int sourceLength = _addressLength * BinaryPrimitives.ReadUInt16BigEndian(_remaining[2..]);
        address = _remaining.Slice(FixedLength, _addressLength);
        sources = _remaining.Slice(FixedLength + _addressLength, sourceLength);
        _remaining = _remaining[(FixedLength + _addressLength + sourceLength + 4 * _remaining[1])..];
        _left--;
        return true;
    }
}
