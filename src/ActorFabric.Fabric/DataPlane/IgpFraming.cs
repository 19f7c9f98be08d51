using System.Buffers.Binary;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.DataPlane;

/// <summary>
/// How underlay link-state PDUs ride on a fabric link: an untagged Ethernet II frame with the IEEE local
/// experimental EtherType 0x88B5 (IEEE 802 §9.2.4, for protocols without an assigned type) to a multicast MAC,
/// padded to the 60-octet minimum (the PDU header carries its own length, so the padding is ignored).
/// </summary>
public static class IgpFraming
{
    public const ushort EtherTypeValue = 0x88B5;
    /// <summary>Destination of every IGP frame; like IS-IS's AllL1ISs group (01:80:C2:00:00:14), a link-local group.</summary>
    public static readonly MacAddress MulticastMac = new(0x0180_C200_0014UL);

    public static int FrameLength(int pduLength) => Math.Max(EthernetHeader.MinimumFrameLength, EthernetHeader.UntaggedLength + pduLength);

    /// <summary>Writes the frame into <paramref name="destination"/> (size it with <see cref="FrameLength"/>); returns its length.</summary>
    public static int WriteFrame(Span<byte> destination, MacAddress source, ReadOnlySpan<byte> pdu)
    {
        int length = FrameLength(pdu.Length);
        MulticastMac.Write(destination);
        source.Write(destination[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(destination[12..], EtherTypeValue);
        pdu.CopyTo(destination[EthernetHeader.UntaggedLength..]);
        destination[(EthernetHeader.UntaggedLength + pdu.Length)..length].Clear();
        return length;
    }

    /// <summary>The PDU bytes (padding included) of an IGP frame; false when the frame is not one.</summary>
    public static bool TryGetPdu(ReadOnlySpan<byte> frame, out ReadOnlySpan<byte> pdu)
    {
        pdu = default;
        if (frame.Length < EthernetHeader.UntaggedLength || BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != EtherTypeValue) return false;
        pdu = frame[EthernetHeader.UntaggedLength..];
        return true;
    }
}
