namespace ActorFabric.Wire.Hashing;

/// <summary>
/// Maps a flow hash to the outer UDP source port of a VXLAN packet: the dynamic/private range
/// 49152–65535 (RFC 7348 §5; RFC 6335 §6). That range is exactly 2^14 ports, so the top 14 bits
/// of the (mixed) hash pick the port with no bias.
/// </summary>
public static class VxlanSourcePort
{
    public const ushort Minimum = 49152;
    public const ushort Maximum = 65535;

    public static ushort FromFlowHash(uint flowHash) => (ushort)(Minimum + (flowHash >> 18));

    /// <summary>The source port for an inner Ethernet frame: <c>FromFlowHash(FlowHash.OfFrame(innerFrame))</c>.</summary>
    public static ushort ForInnerFrame(ReadOnlySpan<byte> innerFrame) => FromFlowHash(FlowHash.OfFrame(innerFrame));
}
