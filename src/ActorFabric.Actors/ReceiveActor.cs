namespace ActorFabric.Actors;

/// <summary>
/// An actor whose behaviour is a list of typed handlers registered in its constructor
/// (<c>Receive&lt;Ping&gt;(p =&gt; ...)</c>); the first matching handler wins.
/// </summary>
public abstract class ReceiveActor : ActorBase
{
    // The initial handlers, inline (see HandlerList).
    private HandlerList _handlers;
    private HandlerSet? _configuring;

    protected void Receive<T>(Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Add(new HandlerEntry(handler, ActionInvoker<T>.Instance));
    }

    /// <summary>Handler that returns false to pass the message on to later handlers.</summary>
    protected void Receive<T>(Func<T, bool> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Add(new HandlerEntry(handler, PredicateInvoker<T>.Instance));
    }

    /// <summary>Handler that only takes messages matching <paramref name="shouldHandle"/>.</summary>
    protected void Receive<T>(Action<T> handler, Predicate<T> shouldHandle)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(shouldHandle);
        Func<T, bool> guarded = m =>
        {
            if (!shouldHandle(m)) return false;
            handler(m);
            return true;
        };
        Add(new HandlerEntry(guarded, PredicateInvoker<T>.Instance));
    }

    /// <summary>Same as <see cref="Receive{T}(Action{T}, Predicate{T})"/> with the predicate first.</summary>
    protected void Receive<T>(Predicate<T> shouldHandle, Action<T> handler) => Receive(handler, shouldHandle);

    protected void ReceiveAny(Action<object> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Add(new HandlerEntry(handler, AnyInvoker.Instance));
    }

    /// <summary>Replaces the behaviour with the handlers that <paramref name="configure"/> registers.</summary>
    protected void Become(Action configure) => Context.Become(Build(configure), discardOld: true);

    /// <summary>Pushes a new behaviour; <see cref="IActorContext.Unbecome"/> returns to the previous one.</summary>
    protected void BecomeStacked(Action configure) => Context.Become(Build(configure), discardOld: false);

    private Behavior Build(Action configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var set = new HandlerSet();
        var previous = _configuring;
        _configuring = set;
        try
        {
            configure();
        }
        finally
        {
            _configuring = previous;
        }
        return set.Handle;
    }

    private void Add(HandlerEntry entry)
    {
        if (_configuring is not null) _configuring.List.Add(entry);
        else _handlers.Add(entry);
    }

    protected internal sealed override bool OnMessage(object message) => _handlers.Handle(message);
}
