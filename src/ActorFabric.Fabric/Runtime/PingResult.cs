namespace ActorFabric.Fabric.Runtime;

/// <summary>The outcome of <see cref="FabricRuntime.PingAsync"/>; round-trip times are emulated time.</summary>
/// <param name="Path">The hops the first echo request took, from the source host to the destination host.</param>
public sealed record PingResult(
    string Source,
    string Destination,
    string DestinationIp,
    int Sent,
    int Received,
    IReadOnlyList<PingReply> Replies,
    IReadOnlyList<PathHop> Path)
{
    public bool Success => Received > 0 && Received == Sent;

    public double LossPercent => Sent == 0 ? 0 : 100.0 * (Sent - Received) / Sent;
}

public sealed record PingReply(int Sequence, TimeSpan RoundTrip, int Ttl)
{
    public double RoundTripMs => RoundTrip.TotalMilliseconds;
}

/// <summary>One device a frame crossed: where it came in and where it left (null at the ends).</summary>
public sealed record PathHop(string Device, string? IngressPort, string? EgressPort);
