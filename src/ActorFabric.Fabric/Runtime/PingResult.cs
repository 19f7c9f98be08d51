namespace ActorFabric.Fabric.Runtime;

/// <summary>The outcome of <see cref="FabricRuntime.PingAsync"/>; round-trip times are emulated time.</summary>
/// <param name="Path">The hops the first echo request took, from the source host to the destination host; for an
/// address (a gateway, an external address) also the reply's hops back to the source (<see cref="FlowPathFigures"/>).</param>
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

    /// <summary>Devices on <see cref="Path"/> that routed the echo request (an IP-VRF lookup and a TTL decrement).</summary>
    public int RoutedHops { get; init; }

    /// <summary>VTEP-to-VTEP legs of <see cref="Path"/> (see <see cref="FlowPathFigures"/>).</summary>
    public int FabricCrossings { get; init; }

    /// <summary>Fabric crossings beyond the direct path: VTEPs the request was tromboned through (see <see cref="FlowPathFigures"/>).</summary>
    public int TromboneHops { get; init; }
}

public sealed record PingReply(int Sequence, TimeSpan RoundTrip, int Ttl)
{
    public double RoundTripMs => RoundTrip.TotalMilliseconds;
}

/// <summary>One device a frame crossed: where it came in and where it left (null at the ends), and whether it routed it.</summary>
public sealed record PathHop(string Device, string? IngressPort, string? EgressPort, bool Routed = false);
