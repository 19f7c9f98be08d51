using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace ActorFabric.Cluster.Persistence;

/// <summary>
/// The persistent journal of one device entity (switch, link or host), persistence id <c>fabric/ENTITY</c>. On
/// recovery it tells its parent <see cref="JournalRecovered"/>; each <see cref="Record"/> from the parent is
/// answered with <see cref="Recorded"/> once durable, in order. Every <see cref="DeviceJournalSettings.SnapshotEvery"/>
/// records it saves its <see cref="DeviceMemory"/> and deletes what that snapshot covers.
/// <para>
/// A record it cannot read makes recovery fail for good: <see cref="JournalFailed"/> to the parent and an error in the
/// log, both naming the device, the record's manifest and what is wrong. The SQL plugin's replay does not say which
/// record failed, so this names the last one read; <see cref="DeviceJournalKeeper"/> then finds the exact one. A
/// failed write or an unreachable database stops it (Akka's rule: it cannot know whether the write happened);
/// <see cref="DeviceJournalKeeper"/> restarts it and writes again.
/// </para>
/// </summary>
public sealed class DeviceJournal : PersistentActor
{
    /// <summary>Prefix of every device journal's persistence id.</summary>
    public const string PersistenceIdPrefix = "fabric/";

    private readonly string entityId;
    private readonly int snapshotEvery;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private DeviceMemory memory = DeviceMemory.Empty;
    private bool snapshotOffered;
    private bool cleaning;
    private long cleanupWanted;
    private long cleanupTried;

    public DeviceJournal(string entityId, int snapshotEvery)
    {
        ArgumentException.ThrowIfNullOrEmpty(entityId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(snapshotEvery);
        this.entityId = entityId;
        this.snapshotEvery = snapshotEvery;
        PersistenceId = PersistenceIdPrefix + entityId;
    }

    public override string PersistenceId { get; }

    /// <summary>The journal of the entity <paramref name="entityId"/> ("d:leaf1", "l:12", "h:h1").</summary>
    public static Props Props(string entityId, int snapshotEvery = 100)
        => Akka.Actor.Props.Create(typeof(DeviceJournal), entityId, snapshotEvery);

    protected override bool ReceiveRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer { Snapshot: DeviceMemory snapshot }:
                memory = snapshot;
                snapshotOffered = true;
                return true;
            case DeviceRecord record:
                memory = memory.Apply(record);
                return true;
            case RecoveryCompleted:
                log.Debug("device {0}: journal recovered at record #{1}: {2}", entityId, LastSequenceNr, memory);
                Context.Parent.Tell(new JournalRecovered(memory));
                return true;
            case SnapshotOffer offer:
                // Only reachable if another serializer claimed the snapshot's bytes; as permanent as unreadable bytes.
                throw new DeviceRecordException(DeviceRecordSerializer.DeviceMemoryManifest, $"the snapshot is a {offer.Snapshot?.GetType().FullName ?? "null"}, not a DeviceMemory");
            default:
                throw new InvalidOperationException($"the journal holds a {message?.GetType().FullName ?? "null"}, not a device record");
        }
    }

    protected override bool ReceiveCommand(object message)
    {
        switch (message)
        {
            case Record command:
                // PersistAsync lets the plugin batch the records of a burst; handlers still run in order, so the
                // acknowledgements do too.
                PersistAsync(command.DeviceRecord, record =>
                {
                    memory = memory.Apply(record);
                    Context.Parent.Tell(new Recorded(command.Seq));
                    if (LastSequenceNr % snapshotEvery == 0) SaveSnapshot(memory);
                });
                return true;
            case SaveSnapshotSuccess saved:
                // The snapshot holds everything up to its record: older snapshots and those records are dead weight.
                cleanupWanted = Math.Max(cleanupWanted, saved.Metadata.SequenceNr);
                CleanUp();
                return true;
            case SaveSnapshotFailure failed:
                log.Warning("device {0}: snapshot at record #{1} not saved ({2}); recovery replays more records until the next one", entityId, failed.Metadata.SequenceNr, failed.Cause.Message);
                return true;
            case DeleteMessagesSuccess deleted:
                DeleteSnapshots(new SnapshotSelectionCriteria(deleted.ToSequenceNr - 1));
                return true;
            case DeleteMessagesFailure failed:
                log.Warning("device {0}: records up to #{1} not deleted after a snapshot ({2}); the next snapshot tries again", entityId, failed.ToSequenceNr, failed.Cause.Message);
                cleaning = false;
                return true;
            case DeleteSnapshotsSuccess:
                cleaning = false;
                CleanUp();
                return true;
            case DeleteSnapshotsFailure failed:
                log.Warning("device {0}: older snapshots not deleted ({1}); the next snapshot tries again", entityId, failed.Cause.Message);
                cleaning = false;
                return true;
            default:
                return false;
        }
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        var unreadable = DeviceRecordException.FindIn(reason);
        if (unreadable is null && message is null)
        {
            // Nothing wrong with the records: the database did not answer. The keeper restarts this journal.
            log.Warning("device {0}: journal recovery failed ({1}: {2}); it is retried", entityId, reason.GetType().Name, reason.Message);
            return;
        }

        JournalFailed failed;
        if (unreadable is { Manifest: DeviceRecordSerializer.DeviceMemoryManifest } && !snapshotOffered)
            failed = new JournalFailed(CannotResume(entityId, $"its snapshot ('{unreadable.Manifest}') cannot be read: {unreadable.Problem}"));
        else if (unreadable is not null)
            // The replay failed somewhere after the last record it delivered; the keeper finds which one.
            failed = new JournalFailed(CannotResume(entityId, $"a record after #{LastSequenceNr} ('{unreadable.Manifest}') cannot be read: {unreadable.Problem}"))
            {
                UnreadableAfter = LastSequenceNr,
            };
        else
            failed = new JournalFailed(CannotResume(entityId, $"record #{LastSequenceNr} ({message!.GetType().Name}) cannot be applied: {reason.Message}"));
        log.Error(reason, "{0}", failed.Reason);
        Context.Parent.Tell(failed);
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
        => log.Warning("device {0}: record #{1} ({2}) not written ({3}: {4}); the journal stops and the record is written again",
            entityId, sequenceNr, @event.GetType().Name, cause.GetType().Name, cause.Message);

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        // The store refused this record itself (not an outage): writing it again would be refused again.
        var failure = $"device '{entityId}': the store refused record #{sequenceNr} ({@event.GetType().Name}): {cause.Message}";
        log.Error(cause, "{0}", failure);
        Context.Parent.Tell(new JournalFailed(failure));
        Context.Stop(Self);
    }

    /// <summary>
    /// Deletes the records and snapshots the newest snapshot covers, one deletion at a time: two deletions of the same
    /// device's rows at once deadlock each other on PostgreSQL. A failed one is tried again after the next snapshot.
    /// </summary>
    private void CleanUp()
    {
        if (cleaning || cleanupWanted <= cleanupTried) return;
        cleaning = true;
        cleanupTried = cleanupWanted;
        DeleteMessages(cleanupWanted);
    }

    /// <summary>The reason a device cannot resume, naming it and its persistence id; <paramref name="what"/> names the record.</summary>
    internal static string CannotResume(string entityId, string what)
        => $"device '{entityId}' cannot resume from its journal (persistence id '{PersistenceIdPrefix}{entityId}'): {what}";
}
