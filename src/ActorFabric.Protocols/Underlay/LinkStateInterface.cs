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
    public uint Metric { get; }
    public bool IsUp;
    public LinkStateAdjacencyState State;
    public uint NeighborRouterId;
    public uint NeighborInterfaceId;
    public TimeSpan HoldExpiry;
    public byte[]? HelloCache;

    /// <summary>LSPs sent on this adjacency and not yet acknowledged: origin → when last sent (IS-IS "SRM" flags).</summary>
    public readonly Dictionary<uint, TimeSpan> Unacknowledged = new();

    /// <summary>Entries for the next PSNP: acknowledgements, or requests (our older sequence) for LSPs we lack (IS-IS "SSN" flags).</summary>
    public readonly List<SequenceNumbersEntry> PendingAcknowledgements = new();
    public bool AcknowledgementQueued;
    public TimeSpan NextCsnp;
}
