using ActorFabric.Wire.Hashing;

namespace ActorFabric.Fabric.Runtime.Messages;

/// <summary>A frame arriving on a device port (delivered by a link after its latency).</summary>
internal sealed record FrameIn(int Port, byte[] Frame) : IDigestible
{
    public ulong DigestValue => ((ulong)(uint)Port << 32) | Fnv1a.Hash32(Frame);
}

/// <summary>A device hands a frame to a link for delivery to the other end (<paramref name="Side"/> 0 = A, 1 = B sends).</summary>
internal sealed record LinkTransmit(int Side, byte[] Frame) : IDigestible
{
    public ulong DigestValue => ((ulong)(uint)Side << 32) | Fnv1a.Hash32(Frame);
}

/// <summary>The link on a device port went up or down (carrier), or a host link was attached/detached.</summary>
internal sealed record PortStatus(int Port, bool Up) : IDigestible
{
    public ulong DigestValue => ((ulong)(uint)Port << 1) | (Up ? 1UL : 0);
}

/// <summary>The device's one timer fired: run every machine whose deadline has passed.</summary>
internal sealed record DeviceTick
{
    public static readonly DeviceTick Instance = new();
}
