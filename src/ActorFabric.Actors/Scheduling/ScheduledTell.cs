using ActorFabric.Actors.Dispatch;

namespace ActorFabric.Actors.Scheduling;

/// <summary>
/// A delayed tell. A one-shot is counted in flight when scheduled, so firing hands the
/// already-counted message to the mailbox and cancelling gives the count back.
/// </summary>
internal sealed class ScheduledTell : ScheduledItem
{
    private readonly IActorRef _target;
    private readonly object _message;
    private readonly IActorRef? _sender;
    private readonly FlightCounters? _counted;

    public ScheduledTell(IActorRef target, object message, IActorRef? sender, long intervalTicks, FlightCounters? counted)
        : base(intervalTicks)
    {
        _target = target;
        _message = message;
        _sender = sender;
        _counted = counted;
    }

    protected override void Execute()
    {
        if (_counted is not null && _target is ActorCell cell)
        {
            cell.Post(_message, _sender, precounted: true);
            return;
        }
        if (_counted is not null) _counted.Add(-1);
        if (_target is ActorCell local) local.Post(_message, _sender, precounted: false);
        else _target.Tell(_message, _sender);
    }

    protected override void OnCancelled() => _counted?.Add(-1);
}
