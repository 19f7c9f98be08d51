namespace ActorFabric.Fabric.Runtime.Links;

/// <summary>Cheap classification of fabric frames without a full parse (untagged Ethernet II).</summary>
internal static class FrameClass
{
    /// <summary>IPv4/TCP: a BGP segment of the emulated transport (the only TCP in the fabric).</summary>
    public static bool IsTcp(ReadOnlySpan<byte> frame) =>
        frame.Length >= 34 && frame[12] == 0x08 && frame[13] == 0x00 && frame[23] == 6;
}
