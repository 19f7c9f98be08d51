using ActorFabric.Actors.Supervision;

namespace ActorFabric.Actors;

/// <summary>
/// Base of every actor. Instances are made by the kernel from <see cref="Props"/> (never with
/// <c>new</c> directly) and are handed one message at a time.
/// </summary>
public abstract class ActorBase
{
    private readonly ActorCell _cell;

    protected ActorBase()
    {
        _cell = ActorCell.Constructing
                ?? throw new InvalidOperationException($"{GetType().Name} must be created through ActorOf(Props), not with new.");
    }

    protected IActorContext Context => _cell;

    protected IActorRef Self => _cell;

    protected IActorRef Sender => _cell.Sender;

    /// <summary>Handles one message; false means unhandled.</summary>
    protected internal abstract bool OnMessage(object message);

    protected internal virtual void PreStart()
    {
    }

    protected internal virtual void PostStop()
    {
    }

    /// <summary>Before the old instance is dropped on restart. Default: stop all children, then PostStop.</summary>
    protected internal virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in _cell.Children)
            _cell.Stop(child);
        PostStop();
    }

    /// <summary>On the fresh instance after restart. Default: PreStart.</summary>
    protected internal virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>How this actor supervises its children.</summary>
    protected internal virtual SupervisorStrategy SupervisorStrategy() => Supervision.SupervisorStrategy.Default;

    /// <summary>Called for a message no handler took. Default: log at debug.</summary>
    protected internal virtual void Unhandled(object message) =>
        _cell.Log.Debug("Unhandled {MessageType} at {Path}", message.GetType().Name, _cell.Path);
}
