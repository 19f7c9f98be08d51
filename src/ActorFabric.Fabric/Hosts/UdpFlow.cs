using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.Hosts;

/// <summary>A constant-rate UDP flow (RFC 768 datagrams) started with <see cref="EmulatedHost.StartUdpFlow"/>.</summary>
public sealed class UdpFlow
{
    internal TimeSpan NextSendAt;

    internal UdpFlow(int id, Ipv4Address destination, ushort destinationPort, ushort sourcePort, int count, TimeSpan interval, int payloadSize, TimeSpan start)
    {
        Id = id;
        Destination = destination;
        DestinationPort = destinationPort;
        SourcePort = sourcePort;
        Count = count;
        Interval = interval;
        PayloadSize = payloadSize;
        NextSendAt = start;
    }

    public int Id { get; }
    public Ipv4Address Destination { get; }
    public ushort DestinationPort { get; }
    public ushort SourcePort { get; }
    public int Count { get; }
    public TimeSpan Interval { get; }
    public int PayloadSize { get; }
    /// <summary>Datagrams handed to the host stack so far (some may wait for ARP or be dropped if it fails).</summary>
    public long Sent { get; internal set; }
    public bool IsComplete => Sent >= Count;
}
