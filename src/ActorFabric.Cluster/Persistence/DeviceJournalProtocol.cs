namespace ActorFabric.Cluster.Persistence;

// Between a device entity and its journal (DeviceJournalKeeper, or DeviceJournal directly). All local to one node:
// the journal is the entity's child, so none of these is serialized.

/// <summary>
/// Journal → entity, once, when the device's memory is read back: the entity resumes from
/// <paramref name="Memory"/> (empty for a device that never recorded anything).
/// </summary>
public sealed record JournalRecovered(DeviceMemory Memory);

/// <summary>
/// Entity → journal: make <paramref name="DeviceRecord"/> durable. <paramref name="Seq"/> is the entity's own number for
/// it (unique and increasing), echoed in <see cref="Recorded"/>.
/// </summary>
public sealed record Record(long Seq, DeviceRecord DeviceRecord);

/// <summary>Journal → entity: the record numbered <paramref name="Seq"/> is durable; acknowledgements come in the order the records were given.</summary>
public sealed record Recorded(long Seq);

/// <summary>
/// Journal → entity: the journal cannot go on (a stored record this build cannot read, a record the store refuses).
/// <paramref name="Reason"/> names the device and the record; the same text is in the Akka log. Not sent for a
/// database outage, which the keeper rides out.
/// </summary>
public sealed record JournalFailed(string Reason)
{
    /// <summary>
    /// Set by <see cref="DeviceJournal"/> when a record after this one could not be read but the replay did not say
    /// which: <see cref="DeviceJournalKeeper"/> then finds it (<see cref="UnreadableRecordSearch"/>) and names it.
    /// </summary>
    internal long? UnreadableAfter { get; init; }
}
