using System.Buffers.Binary;

namespace ActorFabric.Wire.Packets;

/// <summary>
/// MLDv2 Report (RFC 3810 §5.2): type 143, reserved, checksum, reserved, number of address records,
/// then records (type, aux data length in 32-bit words, number of sources, address, sources, aux
/// data). Sent to ff02::16 (§5.2.14). Reading yields an allocation-free <see cref="Mldv2ReportReader"/>.
/// </summary>
public static class Mldv2Report
{
    public const int HeaderLength = 8;

    public static int GetLength(ReadOnlySpan<Mldv2AddressRecord> records)
    {
        int length = HeaderLength;
        foreach (var record in records) length += record.Length;
        return length;
    }

    /// <summary>Writes the report and its ICMPv6 checksum over the given IPv6 addresses; returns its length.</summary>
    public static int Write(Span<byte> destination, ReadOnlySpan<Mldv2AddressRecord> records, Ipv6Address ipSource, Ipv6Address ipDestination)
    {
        var message = destination[..GetLength(records)];
        message[..HeaderLength].Clear();
        message[0] = (byte)MldType.V2Report;
        BinaryPrimitives.WriteUInt16BigEndian(message[6..], (ushort)records.Length);
        int offset = HeaderLength;
        foreach (var record in records)
        {
            var sources = record.Sources.Span;
            offset += GroupRecordCursor.WriteFixed(message[offset..], record.Type, sources.Length);
            record.Group.Write(message[offset..]);
            offset += Ipv6Address.Length;
            for (int i = 0; i < sources.Length; i++, offset += Ipv6Address.Length) sources[i].Write(message[offset..]);
        }
        MldPacket.WriteChecksum(message, ipSource, ipDestination);
        return message.Length;
    }

    /// <summary>Validates the type and that every record fits (checksum: see <see cref="MldPacket.TryRead"/>).</summary>
    public static PacketError TryRead(ReadOnlySpan<byte> message, out Mldv2ReportReader reader)
    {
        reader = default;
        if (message.Length < HeaderLength) return PacketError.Truncated;
        if (message[0] != (byte)MldType.V2Report) return PacketError.UnsupportedMessageType;
        int count = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        var error = GroupRecordCursor.Validate(message, HeaderLength, count, Ipv6Address.Length, out int end);
        if (error == PacketError.None) reader = new Mldv2ReportReader(message[HeaderLength..end], count);
        return error;
    }
}
