using System.Text;

namespace ActorFabric.Wire.Packets;

/// <summary>
/// A whole frame walked outer → VXLAN → inner: the outer <see cref="Frame"/> summary and, when
/// it is UDP to port 4789 carrying a valid VXLAN header, the <see cref="Vni"/> and the
/// <see cref="Inner"/> frame's summary. Parsing never throws and never allocates.
/// </summary>
public readonly record struct FrameDescription(FrameSummary Frame, bool IsVxlan, uint Vni, FrameSummary Inner, PacketError VxlanError)
{
    /// <summary>First error anywhere in the walk, outer to inner.</summary>
    public PacketError Error =>
        Frame.Error != PacketError.None ? Frame.Error
        : VxlanError != PacketError.None ? VxlanError
        : IsVxlan ? Inner.Error : PacketError.None;

    /// <summary>The frame a bridge acts on: the inner one for VXLAN, else the frame itself.</summary>
    public FrameSummary Payload => IsVxlan ? Inner : Frame;

    public static FrameDescription Parse(ReadOnlySpan<byte> frame)
    {
        var outer = FrameSummary.Parse(frame, out var udpPayload);
        if (outer.Error != PacketError.None || !outer.IsUdp || outer.DestinationPort != VxlanHeader.UdpPort)
            return new FrameDescription(outer, false, 0, default, PacketError.None);
        var vxlanError = VxlanHeader.TryRead(udpPayload, out var vxlan);
        if (vxlanError != PacketError.None)
            return new FrameDescription(outer, false, 0, default, vxlanError);
        var inner = FrameSummary.Parse(udpPayload[VxlanHeader.Length..]);
        return new FrameDescription(outer, true, vxlan.Vni, inner, PacketError.None);
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        Frame.Append(text);
        if (VxlanError != PacketError.None) text.Append(", vxlan [").Append(VxlanError).Append(']');
        if (IsVxlan)
        {
            text.Append(", vxlan vni ").Append(Vni).Append(" | ");
            Inner.Append(text);
        }
        return text.ToString();
    }
}
