using ActorFabric.Protocols.Bridging;

namespace ActorFabric.Fabric.DataPlane;

/// <summary>
/// Optional observer of every frame a <see cref="SwitchDataPlane"/> sends, for path tracing (e.g. the hops an ICMP
/// echo took). Only called when set, so forwarding pays one null check otherwise. <paramref name="frame"/> is the
/// frame as sent (outer headers included) and valid during the call only; <c>FrameDescription.Parse</c> decodes it.
/// </summary>
public interface IForwardingTracer
{
    void OnForward(string device, PortId ingress, PortId egress, ForwardingStage stage, ReadOnlySpan<byte> frame);
}
