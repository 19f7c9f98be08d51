using ActorFabric.Simulation;
using ActorFabric.Wire.Hashing;

namespace ActorFabric.Fabric.Runtime.Messages;

/// <summary>
/// A frame arriving on a device port (delivered by a link after its latency). <paramref name="TraceId"/> is non-zero
/// when the frame belongs to a traced ping: the device then reports its hop and marks what it forwards.
/// </summary>
internal sealed record FrameIn(int Port, byte[] Frame, int TraceId = 0) : IWireMessage, IDigestible
{
    public ulong DigestValue => ((ulong)(uint)Port << 32) | Fnv1a.Hash32(Frame);

    public bool Equals(FrameIn? other) => other is not null && Port == other.Port && TraceId == other.TraceId && Frame.AsSpan().SequenceEqual(other.Frame);

    public override int GetHashCode() => HashCode.Combine(Port, TraceId, Frame.Length);
}

/// <summary>A device hands a frame to a link for delivery to the other end (<paramref name="Side"/> 0 = A, 1 = B sends).</summary>
internal sealed record LinkTransmit(int Side, byte[] Frame, int TraceId = 0) : IWireMessage, IDigestible
{
    public ulong DigestValue => ((ulong)(uint)Side << 32) | Fnv1a.Hash32(Frame);

    public bool Equals(LinkTransmit? other) => other is not null && Side == other.Side && TraceId == other.TraceId && Frame.AsSpan().SequenceEqual(other.Frame);

    public override int GetHashCode() => HashCode.Combine(Side, TraceId, Frame.Length);
}

/// <summary>The link on a device port went up or down (carrier), or a host link was attached/detached.</summary>
internal sealed record PortStatus(int Port, bool Up) : IWireMessage, IDigestible
{
    public ulong DigestValue => ((ulong)(uint)Port << 1) | (Up ? 1UL : 0);
}

/// <summary>The device's one timer fired: run every machine whose deadline has passed.</summary>
internal sealed record DeviceTick : IWireMessage
{
    public static readonly DeviceTick Instance = new();
}

/// <summary>A frame a link accepted for delivery, for a capture file (emulated time of the link).</summary>
internal sealed record CaptureFrame(TimeSpan At, byte[] Frame) : IWireMessage
{
    public bool Equals(CaptureFrame? other) => other is not null && At == other.At && Frame.AsSpan().SequenceEqual(other.Frame);

    public override int GetHashCode() => HashCode.Combine(At, Frame.Length);
}
