using System.Buffers.Binary;

namespace ActorFabric.Wire.Packets;

/// <summary>
/// IGMPv3 Membership Report (RFC 3376 §4.2): type 0x22, reserved, checksum, reserved, record
/// count, then group records. Reading yields an allocation-free <see cref="Igmpv3ReportReader"/>.
/// </summary>
public static class Igmpv3Report
{
    public const int HeaderLength = 8;

    public static int GetLength(ReadOnlySpan<Igmpv3GroupRecord> records)
    {
        int length = HeaderLength;
        foreach (var record in records) length += record.Length;
        return length;
    }

    /// <summary>Writes the report with its checksum; returns its length.</summary>
    public static int Write(Span<byte> destination, ReadOnlySpan<Igmpv3GroupRecord> records)
    {
        int length = GetLength(records);
        var message = destination[..length];
        message[..HeaderLength].Clear();
        message[0] = (byte)IgmpType.V3MembershipReport;
        BinaryPrimitives.WriteUInt16BigEndian(message[6..], (ushort)records.Length);
        int offset = HeaderLength;
        foreach (var record in records)
        {
            offset += GroupRecordCursor.WriteFixed(message[offset..], record.Type, record.Sources.Length);
            record.Group.Write(message[offset..]);
            offset += Ipv4Address.Length;
            foreach (var source in record.Sources.Span)
            {
                source.Write(message[offset..]);
                offset += 4;
            }
        }
        BinaryPrimitives.WriteUInt16BigEndian(message[2..], InternetChecksum.Compute(message));
        return length;
    }

    /// <summary>Validates type, checksum and that every record fits; the reader then walks the records.</summary>
    public static PacketError TryRead(ReadOnlySpan<byte> message, out Igmpv3ReportReader reader)
    {
        reader = default;
        if (message.Length < HeaderLength) return PacketError.Truncated;
        if (message[0] != (byte)IgmpType.V3MembershipReport) return PacketError.UnsupportedMessageType;
        int count = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        var error = GroupRecordCursor.Validate(message, HeaderLength, count, Ipv4Address.Length, out int end);
        if (error != PacketError.None) return error;
        if (!InternetChecksum.Verify(message)) return PacketError.BadChecksum;
        reader = new Igmpv3ReportReader(message[HeaderLength..end], count);
        return PacketError.None;
    }
}
