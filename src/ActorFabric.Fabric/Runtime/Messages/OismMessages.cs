namespace ActorFabric.Fabric.Runtime.Messages;

/// <summary>
/// The emulated external source behind a PEG sends <see cref="Count"/> datagrams to <see cref="Group"/> into ip-vrf
/// <see cref="Vrf"/>: one every <see cref="Interval"/> of emulated time (all at once when zero), from
/// <see cref="Source"/> (0: the configured external source).
/// </summary>
internal sealed record OismExternalStream(string Vrf, string Group, int Count, int PayloadSize, byte Ttl, uint StreamId, TimeSpan Interval = default, uint Source = 0)
    : IControlMessage;

/// <summary>
/// How many of them entered the tenant (0: not a PEG of the VRF with an external source), and when the first left;
/// the answer comes once the last has been sent.
/// </summary>
internal sealed record OismExternalSent(int Sent, TimeSpan StartedAt) : IControlMessage;
