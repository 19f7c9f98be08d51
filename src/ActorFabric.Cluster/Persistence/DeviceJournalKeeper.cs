using Akka.Actor;
using Akka.Event;

namespace ActorFabric.Cluster.Persistence;

/// <summary>
/// What a device entity talks to instead of its <see cref="DeviceJournal"/>, with the same protocol: it rides out a
/// database outage. Akka stops a persistent actor whose write fails (or whose recovery cannot reach the database), so
/// the keeper holds every <see cref="Record"/> not yet acknowledged, restarts the journal after a doubling backoff, and
/// hands the held records to the new journal in their order. Acknowledgements reach the entity exactly once and in
/// order; a record that was written but not acknowledged before the failure is written again, which
/// <see cref="DeviceMemory.Apply"/> makes harmless. A journal that cannot be read (<see cref="JournalFailed"/>) is not
/// restarted: the failure goes to the entity, and so does every later record's.
/// </summary>
public sealed class DeviceJournalKeeper : UntypedActor, IWithTimers
{
    private readonly string entityId;
    private readonly DeviceJournalSettings settings;
    private readonly ILoggingAdapter log = Context.GetLogger();

    /// <summary>Records given by the entity and not yet acknowledged, oldest first.</summary>
    private readonly Queue<Record> unacknowledged = new();

    private IActorRef? journal;
    private IActorRef? search;
    private bool journalRecovered;
    private bool entityToldRecovered;
    private int incarnation;
    private int failedAttempts;
    private string? failure;
    private Exception? crash;

    public DeviceJournalKeeper(string entityId, DeviceJournalSettings settings)
    {
        ArgumentException.ThrowIfNullOrEmpty(entityId);
        this.entityId = entityId;
        this.settings = settings ?? throw new ArgumentNullException(nameof(settings));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The keeper of the journal of entity <paramref name="entityId"/>; <see cref="DeviceJournalSettings.Default"/> unless given.</summary>
    public static Props Props(string entityId, DeviceJournalSettings? settings = null)
        => Akka.Actor.Props.Create(typeof(DeviceJournalKeeper), entityId, settings ?? DeviceJournalSettings.Default);

    protected override void PreStart() => StartJournal();

    /// <summary>
    /// A journal that throws (it cannot even start: a missing or wrong persistence plugin) would throw again after a
    /// restart: it is stopped and the failure is permanent. An outage never throws; it stops the journal quietly.
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(cause =>
    {
        crash = cause is ActorInitializationException { InnerException: { } inner } ? inner : cause;
        return Directive.Stop;
    });

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Record record:
                if (failure is not null)
                {
                    Sender.Tell(new JournalFailed(failure));
                    return;
                }
                unacknowledged.Enqueue(record);
                if (journalRecovered) journal!.Tell(record);
                return;

            case JournalRecovered recovered when Sender.Equals(journal):
                journalRecovered = true;
                if (unacknowledged.Count == 0) failedAttempts = 0;
                // The entity resumes once; after an outage it is ahead of what the new journal read back.
                if (!entityToldRecovered) Context.Parent.Tell(recovered);
                entityToldRecovered = true;
                foreach (var record in unacknowledged) journal!.Tell(record);
                return;

            case Recorded recorded:
                // Only the oldest held record can be acknowledged next; anything else is a second write's
                // acknowledgement of a record the previous journal already acknowledged.
                if (unacknowledged.TryPeek(out var oldest) && oldest.Seq == recorded.Seq)
                {
                    unacknowledged.Dequeue();
                    failedAttempts = 0;
                    Context.Parent.Tell(recorded);
                }
                return;

            case JournalFailed failed when Sender.Equals(journal):
                // Held records will never be acknowledged; the entity decides what a device without a journal does.
                failure = failed.Reason;
                unacknowledged.Clear();
                if (failed.UnreadableAfter is { } lastRead)
                    search = Context.Watch(Context.ActorOf(UnreadableRecordSearch.Props(DeviceJournal.PersistenceIdPrefix + entityId, lastRead), "unreadable-record-search"));
                else
                    Context.Parent.Tell(failed);
                return;

            case UnreadableRecordSearch.Found found when Sender.Equals(search):
                search = null;
                if (found is { SequenceNr: { } seq, Error: { } error })
                {
                    failure = DeviceJournal.CannotResume(entityId, $"record #{seq} ('{error.Manifest}') cannot be read: {error.Problem}");
                    log.Error(error, "{0}", failure);
                }
                Context.Parent.Tell(new JournalFailed(failure!));
                return;

            case Terminated terminated when terminated.ActorRef.Equals(search):
                // The search died without an answer: the journal's own reason still names the device and the manifest.
                search = null;
                Context.Parent.Tell(new JournalFailed(failure!));
                return;

            case Terminated terminated when terminated.ActorRef.Equals(journal):
                journal = null;
                journalRecovered = false;
                if (failure is null && crash is not null)
                {
                    failure = $"device '{entityId}': its journal failed ({crash.GetType().Name}: {crash.Message})";
                    log.Error(crash, "{0}", failure);
                    unacknowledged.Clear();
                    Context.Parent.Tell(new JournalFailed(failure));
                }
                if (failure is not null) return;
                var wait = settings.Backoff(failedAttempts++);
                log.Warning("device {0}: journal stopped (database unreachable or write failed); restart {1} in {2} ms, {3} record(s) held",
                    entityId, failedAttempts, (long)wait.TotalMilliseconds, unacknowledged.Count);
                Timers.StartSingleTimer(RestartJournal.Instance, RestartJournal.Instance, wait);
                return;

            case RestartJournal:
                if (journal is null && failure is null) StartJournal();
                return;

            case Terminated:
                return; // a journal or search already dealt with

            default:
                Unhandled(message);
                return;
        }
    }

    private void StartJournal()
    {
        incarnation++;
        journal = Context.Watch(Context.ActorOf(DeviceJournal.Props(entityId, settings.SnapshotEvery), "journal-" + incarnation));
    }

    /// <summary>The backoff timer's message.</summary>
    private sealed class RestartJournal
    {
        public static readonly RestartJournal Instance = new();
    }
}
