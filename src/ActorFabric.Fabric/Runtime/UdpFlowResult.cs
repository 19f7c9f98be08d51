namespace ActorFabric.Fabric.Runtime;

/// <summary>The outcome of <see cref="FabricRuntime.UdpFlowAsync"/>: datagrams sent by the source and received by the destination port.</summary>
public sealed record UdpFlowResult(string Source, string Destination, ushort Port, long Sent, long Received, long BytesReceived)
{
    public long Lost => Sent - Received;
}
