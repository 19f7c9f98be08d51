using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.Hosts;

/// <summary>
/// Outcome of a ping session. <see cref="RoundTripTimes"/> are in emulated time, in sequence order of the answered
/// echoes; <see cref="LostSequences"/> the echoes that timed out (or were never sent because ARP failed).
/// <see cref="FirstHopMac"/> is the MAC that answered ARP for the first hop (the target host, or a leaf's proxy reply
/// giving the same MAC; the gateway when routed); null when it never resolved.
/// </summary>
public sealed record PingResult(
    HostAddress Destination,
    int Sent,
    int Received,
    IReadOnlyList<TimeSpan> RoundTripTimes,
    IReadOnlyList<ushort> LostSequences,
    MacAddress? FirstHopMac)
{
    public int Lost => Sent - Received;
    public bool Success => Sent > 0 && Received == Sent;
    public TimeSpan? Minimum => RoundTripTimes.Count == 0 ? null : RoundTripTimes.Min();
    public TimeSpan? Maximum => RoundTripTimes.Count == 0 ? null : RoundTripTimes.Max();
    public TimeSpan? Average => RoundTripTimes.Count == 0 ? null : TimeSpan.FromTicks((long)RoundTripTimes.Average(t => t.Ticks));
}
