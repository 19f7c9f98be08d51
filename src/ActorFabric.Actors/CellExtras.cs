using ActorFabric.Actors.Supervision;

namespace ActorFabric.Actors;

/// <summary>
/// The parts of an actor most actors never use, allocated on first use so an idle actor
/// stays small: children, death watch, behaviour stack, stash, timers, supervision state.
/// Only the actor's own turn touches it (the guardian's children are also locked).
/// </summary>
internal sealed class CellExtras
{
    public Dictionary<string, ActorCell>? Children;
    public HashSet<ActorCell>? StoppingChildren;
    public Dictionary<ActorCell, RestartStatistics>? RestartStats;
    public long NextChildId;

    public List<IActorRef>? Watchers;
    public List<IActorRef>? Watching;

    public List<Behavior>? BehaviorStack;
    public Behavior? Behavior;

    public Envelope? StashHead;
    public Envelope? StashTail;
    public int StashCount;

    public ActorTimers? Timers;
    public TimeSpan? ReceiveTimeout;

    public object? FailedMessage;
    public Exception? PendingRestartCause;
}
