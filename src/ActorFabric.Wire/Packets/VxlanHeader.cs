using System.Buffers.Binary;

namespace ActorFabric.Wire.Packets;

/// <summary>
/// The 8-octet VXLAN header (RFC 7348 §5): flags (I = 0x08), 24 reserved bits, 24-bit VNI,
/// 8 reserved bits. Reserved bits are written as zero and ignored on read.
/// </summary>
public readonly record struct VxlanHeader(uint Vni)
{
    public const int Length = 8;
    public const byte InstanceFlag = 0x08;
    public const uint MaxVni = 0xFF_FFFF;
    /// <summary>IANA-assigned VXLAN UDP port (RFC 7348 §5).</summary>
    public const ushort UdpPort = 4789;

    public int Write(Span<byte> destination)
    {
        if (Vni > MaxVni) throw new ArgumentOutOfRangeException(nameof(Vni), Vni, "VNI is 24 bits");
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)InstanceFlag << 24);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Vni << 8);
        return Length;
    }

    public static PacketError TryRead(ReadOnlySpan<byte> source, out VxlanHeader header)
    {
        header = default;
        if (source.Length < Length) return PacketError.Truncated;
        if ((source[0] & InstanceFlag) == 0) return PacketError.VxlanInstanceFlagMissing;
        header = new VxlanHeader(BinaryPrimitives.ReadUInt32BigEndian(source[4..]) >> 8);
        return PacketError.None;
    }
}
