using System.Net;
using ActorFabric.Protocols.Bridging;

namespace ActorFabric.Protocols.Multicast.Replication;

/// <summary>
/// What a replicator sends for one frame received on its AR tunnel: the IR copies, the outer source IP to put on
/// them (see <see cref="AssistedReplicationMode"/>), and how many AR leaves were skipped by the documented snooping
/// limitation (non-proxy AR leaves get no multicast while snooping is on) — the caller counts those as drops.
/// </summary>
public readonly ref struct ReplicatedCopies(ReadOnlySpan<FloodTarget> targets, IPAddress outerSource, int suppressedLeaves)
{
    public ReadOnlySpan<FloodTarget> Targets { get; } = targets;
    public IPAddress OuterSource { get; } = outerSource;
    public int SuppressedLeaves { get; } = suppressedLeaves;
}
