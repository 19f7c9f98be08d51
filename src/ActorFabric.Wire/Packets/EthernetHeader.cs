using System.Buffers.Binary;

namespace ActorFabric.Wire.Packets;

/// <summary>
/// An Ethernet II header with at most one 802.1Q tag (TPID 0x8100). <see cref="EtherType"/> is the
/// type of the payload after the tag. An 802.1ad (0x88A8) outer tag is not unwrapped: it is
/// reported as the EtherType.
/// </summary>
public readonly record struct EthernetHeader(MacAddress Destination, MacAddress Source, EtherType EtherType, VlanTag? Vlan = null)
{
    public const int UntaggedLength = 14;
    public const int TaggedLength = 18;
    /// <summary>Minimum frame length without FCS; shorter frames are padded (IEEE 802.3 §3.2.8).</summary>
    public const int MinimumFrameLength = 60;

    /// <summary>Header length on the wire: offset of the payload.</summary>
    public int Length => Vlan.HasValue ? TaggedLength : UntaggedLength;

    public int Write(Span<byte> destination)
    {
        _ = destination[Length - 1];
        Destination.Write(destination);
        Source.Write(destination[6..]);
        int offset = 12;
        if (Vlan is { } tag)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[12..], (ushort)EtherType.Vlan);
            BinaryPrimitives.WriteUInt16BigEndian(destination[14..], tag.Tci);
            offset = 16;
        }
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], (ushort)EtherType);
        return offset + 2;
    }

    public static PacketError TryRead(ReadOnlySpan<byte> frame, out EthernetHeader header)
    {
        header = default;
        if (frame.Length < UntaggedLength) return PacketError.Truncated;
        var type = (EtherType)BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
        VlanTag? vlan = null;
        if (type == EtherType.Vlan)
        {
            if (frame.Length < TaggedLength) return PacketError.Truncated;
            vlan = VlanTag.FromTci(BinaryPrimitives.ReadUInt16BigEndian(frame[14..]));
            type = (EtherType)BinaryPrimitives.ReadUInt16BigEndian(frame[16..]);
        }
        header = new EthernetHeader(MacAddress.Read(frame), MacAddress.Read(frame[6..]), type, vlan);
        return PacketError.None;
    }

    /// <summary>Reads the header and returns the bytes after it (including any Ethernet padding).</summary>
    public static PacketError TryRead(ReadOnlySpan<byte> frame, out EthernetHeader header, out ReadOnlySpan<byte> payload)
    {
        var error = TryRead(frame, out header);
        payload = error == PacketError.None ? frame[header.Length..] : default;
        return error;
    }
}
