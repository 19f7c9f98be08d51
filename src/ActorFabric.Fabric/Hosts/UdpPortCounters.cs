namespace ActorFabric.Fabric.Hosts;

/// <summary>UDP datagrams (and their payload octets) received on one local port.</summary>
public readonly record struct UdpPortCounters(ushort Port, long Datagrams, long Bytes);
