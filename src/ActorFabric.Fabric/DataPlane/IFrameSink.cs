using ActorFabric.Protocols.Bridging;

namespace ActorFabric.Fabric.DataPlane;

/// <summary>
/// Where a <see cref="SwitchDataPlane"/> puts its outputs. The spans are only valid during the call (they point
/// into the data plane's scratch buffer): a sink that keeps a frame copies it.
/// </summary>
public interface IFrameSink
{
    /// <summary>Transmit <paramref name="frame"/> out of <paramref name="port"/> (the runtime turns it into a link delivery).</summary>
    void Send(PortId port, ReadOnlySpan<byte> frame);

    /// <summary>A frame for the device's own control plane (IGP, BGP, BFD, anything else addressed to its loopback).</summary>
    void Punt(PortId ingress, ControlPlaneProtocol protocol, ReadOnlySpan<byte> frame);
}
