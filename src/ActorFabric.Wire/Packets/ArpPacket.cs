using System.Buffers.Binary;

namespace ActorFabric.Wire.Packets;

/// <summary>An ARP message for IPv4 over Ethernet: 28 octets (RFC 826, "Packet format").</summary>
public readonly record struct ArpPacket(
    ArpOperation Operation,
    MacAddress SenderMac,
    Ipv4Address SenderIp,
    MacAddress TargetMac,
    Ipv4Address TargetIp)
{
    public const int Length = 28;
    private const ushort HardwareEthernet = 1;

    /// <summary>Sender announces its own binding: SPA = TPA (RFC 5227 §3 "ARP Announcement").</summary>
    public bool IsGratuitous => SenderIp == TargetIp;

    public int Write(Span<byte> destination)
    {
        _ = destination[Length - 1];
        BinaryPrimitives.WriteUInt16BigEndian(destination, HardwareEthernet);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)EtherType.Ipv4);
        destination[4] = MacAddress.Length;
        destination[5] = Ipv4Address.Length;
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], (ushort)Operation);
        SenderMac.Write(destination[8..]);
        SenderIp.Write(destination[14..]);
        TargetMac.Write(destination[18..]);
        TargetIp.Write(destination[24..]);
        return Length;
    }

    public static PacketError TryRead(ReadOnlySpan<byte> source, out ArpPacket packet)
    {
        packet = default;
        if (source.Length < Length) return PacketError.Truncated;
        if (BinaryPrimitives.ReadUInt16BigEndian(source) != HardwareEthernet
            || BinaryPrimitives.ReadUInt16BigEndian(source[2..]) != (ushort)EtherType.Ipv4
            || source[4] != MacAddress.Length
            || source[5] != Ipv4Address.Length)
            return PacketError.UnsupportedArpFormat;
        packet = new ArpPacket(
            (ArpOperation)BinaryPrimitives.ReadUInt16BigEndian(source[6..]),
            MacAddress.Read(source[8..]),
            Ipv4Address.Read(source[14..]),
            MacAddress.Read(source[18..]),
            Ipv4Address.Read(source[24..]));
        return PacketError.None;
    }
}
