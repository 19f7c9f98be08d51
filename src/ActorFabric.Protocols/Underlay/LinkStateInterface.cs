using ActorFabric.Wire.Underlay;

namespace ActorFabric.Protocols.Underlay;

/// <summary>Per-interface protocol state of a <see cref="LinkStateRouter"/>: adjacency, flooding and acknowledgement bookkeeping.</summary>
internal sealed class LinkStateInterface
{
    public LinkStateInterface(int id, uint metric)
    {
        Id = id;
        Metric = metric;
    }

    public int Id { get; }
    public uint Metric { get; set; }
    public bool IsUp;
    public LinkStateAdjacencyState State;
    public uint NeighborRouterId;
    public uint NeighborInterfaceId;
    public TimeSpan HoldExpiry;
    public byte[]? HelloCache;

    /// <summary>LSPs sent on this adjacency and not yet acknowledged: origin → when last sent (IS-IS "SRM" flags).</summary>
    public readonly Dictionary<uint, TimeSpan> Unacknowledged = new();

    /// <summary>
    /// LSPs queued for this adjacency but not yet sent. Pacing the flood lets a copy that arrives
    /// from this neighbor meanwhile cancel ours (ISO 10589 clears SRM on receipt), halving duplicates.
    /// </summary>
    public readonly HashSet<uint> PendingFlood = new();

    /// <summary>The neighbor has this LSP: stop sending or retransmitting it here.</summary>
    public void ClearFlooding(uint origin)
    {
        Unacknowledged.Remove(origin);
        PendingFlood.Remove(origin);
        ReleaseIdleTables();
    }

    /// <summary>
    /// Gives back the room the flooding tables grew to during a burst (a fabric booting floods every LSP over
    /// every adjacency at once; at 1,000 routers that room, kept for good, was ~600 MB) once they are empty.
    /// </summary>
    public void ReleaseIdleTables()
    {
        const int Keep = 64;
        if (Unacknowledged.Count == 0 && Unacknowledged.EnsureCapacity(0) > Keep) Unacknowledged.TrimExcess();
        if (PendingFlood.Count == 0 && PendingFlood.EnsureCapacity(0) > Keep) PendingFlood.TrimExcess();
        if (PendingAcknowledgements.Count == 0 && PendingAcknowledgements.Capacity > Keep) PendingAcknowledgements.TrimExcess();
    }

    /// <summary>Entries for the next PSNP: acknowledgements, or requests (our older sequence) for LSPs we lack (IS-IS "SSN" flags).</summary>
    public readonly List<SequenceNumbersEntry> PendingAcknowledgements = new();
    public bool AcknowledgementQueued;
    public TimeSpan NextCsnp;
}
