using System.Buffers.Binary;

namespace ActorFabric.Wire.Underlay;

/// <summary>Encodes link-state packets (layout in <see cref="LinkStatePduHeader"/>).</summary>
public static class LinkStatePacketWriter
{
    public static int GetEncodedLength(int neighborCount, int prefixCount) =>
        LinkStatePacketReader.FixedLength + neighborCount * LinkStatePacketReader.NeighborEntryLength + prefixCount * LinkStatePacketReader.PrefixEntryLength;

    public static int Write(
        Span<byte> destination,
        uint senderRouterId,
        uint originRouterId,
        uint sequenceNumber,
        ushort remainingLifetime,
        bool overload,
        ReadOnlySpan<LinkStateNeighbor> neighbors,
        ReadOnlySpan<UnderlayPrefix> prefixes)
    {
        if (neighbors.Length > ushort.MaxValue || prefixes.Length > ushort.MaxValue) throw new ArgumentException("too many entries for one LSP");
        int length = GetEncodedLength(neighbors.Length, prefixes.Length);
        if (destination.Length < length) throw new ArgumentException("destination too small for the LSP", nameof(destination));
        LinkStatePduHeader.Write(destination, LinkStatePduType.LinkStatePacket, length, senderRouterId);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], originRouterId);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], sequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(destination[20..], remainingLifetime);
        destination[22] = overload ? (byte)1 : (byte)0;
        destination[23] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[24..], (ushort)neighbors.Length);
        BinaryPrimitives.WriteUInt16BigEndian(destination[26..], (ushort)prefixes.Length);
        int offset = LinkStatePacketReader.FixedLength;
        foreach (var n in neighbors)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], n.RouterId);
            BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 4)..], n.Metric);
            offset += LinkStatePacketReader.NeighborEntryLength;
        }
        foreach (var p in prefixes)
        {
            if (p.Length > 32) throw new ArgumentException($"prefix length {p.Length} exceeds 32", nameof(prefixes));
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], p.Address);
            destination[offset + 4] = p.Length;
            destination[offset + 5] = 0;
            destination[offset + 6] = 0;
            destination[offset + 7] = 0;
            offset += LinkStatePacketReader.PrefixEntryLength;
        }
        return length;
    }

    public static byte[] ToArray(
        uint senderRouterId,
        uint originRouterId,
        uint sequenceNumber,
        ushort remainingLifetime,
        bool overload,
        ReadOnlySpan<LinkStateNeighbor> neighbors,
        ReadOnlySpan<UnderlayPrefix> prefixes)
    {
        var bytes = new byte[GetEncodedLength(neighbors.Length, prefixes.Length)];
        Write(bytes, senderRouterId, originRouterId, sequenceNumber, remainingLifetime, overload, neighbors, prefixes);
        return bytes;
    }
}
