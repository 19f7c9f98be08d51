namespace ActorFabric.Fabric.Hosts;

/// <summary>One stream as one receiver saw it (a snapshot of <see cref="MulticastReceiveCounters"/>).</summary>
public sealed record MulticastStreamReception(
    string Group,
    string Source,
    uint StreamId,
    long Packets,
    long Bytes,
    long Duplicates,
    long Unsolicited,
    TimeSpan FirstArrival,
    TimeSpan LastArrival)
{
    /// <summary>TTL (hop limit) of the last datagram received.</summary>
    public byte LastTtl { get; init; }

    public static MulticastStreamReception From(MulticastReceiveCounters c) =>
        new(c.Key.Group.ToString(), c.Key.Source.ToString(), c.Key.StreamId, c.Packets, c.Bytes, c.Duplicates, c.Unsolicited, c.FirstArrival, c.LastArrival)
        {
            LastTtl = c.LastTtl,
        };
}
