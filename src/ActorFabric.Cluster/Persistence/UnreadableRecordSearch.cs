using Akka.Actor;
using Akka.Persistence;

namespace ActorFabric.Cluster.Persistence;

/// <summary>
/// Finds which record of a journal cannot be read. A failed replay does not say: the SQL plugin reads records in
/// batches and a bad one can fail its whole batch before the good ones before it reach the journal. So this asks
/// the journal plugin for one record at a time after the last one that was read, and tells its parent the first
/// that fails. Runs only after a recovery failed for good, over the few records after the last snapshot.
/// </summary>
internal sealed class UnreadableRecordSearch : UntypedActor
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly string persistenceId;
    private readonly IActorRef journal;
    private long candidate;

    public UnreadableRecordSearch(string persistenceId, long lastRead)
    {
        this.persistenceId = persistenceId;
        candidate = lastRead + 1;
        journal = Akka.Persistence.Persistence.Instance.Apply(Context.System).JournalFor(null);
    }

    public static Props Props(string persistenceId, long lastRead)
        => Akka.Actor.Props.Create(typeof(UnreadableRecordSearch), persistenceId, lastRead);

    protected override void PreStart()
    {
        Context.SetReceiveTimeout(Patience);
        Ask();
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ReplayedMessage:
                return; // this one reads fine
            case RecoverySuccess success when candidate < success.HighestSequenceNr:
                candidate++;
                Ask();
                return;
            case RecoverySuccess:
                Finish(new Found(null, null)); // every record reads now
                return;
            case ReplayMessagesFailure failure:
                Finish(DeviceRecordException.FindIn(failure.Cause) is { } unreadable ? new Found(candidate, unreadable) : new Found(null, null));
                return;
            case ReceiveTimeout:
                Finish(new Found(null, null));
                return;
            default:
                Unhandled(message);
                return;
        }
    }

    private void Ask() => journal.Tell(new ReplayMessages(candidate, candidate, 1, persistenceId, Self));

    private void Finish(Found found)
    {
        Context.Parent.Tell(found);
        Context.Stop(Self);
    }

    /// <summary>The record that cannot be read and why; both null if the search could not tell.</summary>
    public sealed record Found(long? SequenceNr, DeviceRecordException? Error);
}
