namespace ActorFabric.Actors;

/// <summary>
/// Invokes one kind of typed handler. Instances are shared per message type, so an actor
/// pays only for its own delegates, not for a wrapper object per handler.
/// </summary>
internal abstract class HandlerInvoker
{
    public abstract bool TryInvoke(Delegate handler, object message);
}

internal sealed class ActionInvoker<T> : HandlerInvoker
{
    public static readonly ActionInvoker<T> Instance = new();

    public override bool TryInvoke(Delegate handler, object message)
    {
        if (message is not T typed) return false;
        ((Action<T>)handler)(typed);
        return true;
    }
}

internal sealed class PredicateInvoker<T> : HandlerInvoker
{
    public static readonly PredicateInvoker<T> Instance = new();

    public override bool TryInvoke(Delegate handler, object message) =>
        message is T typed && ((Func<T, bool>)handler)(typed);
}

internal sealed class AnyInvoker : HandlerInvoker
{
    public static readonly AnyInvoker Instance = new();

    public override bool TryInvoke(Delegate handler, object message)
    {
        ((Action<object>)handler)(message);
        return true;
    }
}

internal struct HandlerEntry(Delegate handler, HandlerInvoker invoker)
{
    public readonly Delegate Handler = handler;
    public readonly HandlerInvoker Invoker = invoker;
}

/// <summary>
/// An ordered list of handlers; the first one that takes a message wins. A struct whose first entry lives
/// inline, so an actor embedding it costs one delegate and no list for a single handler.
/// </summary>
internal struct HandlerList
{
    private HandlerEntry _first;
    private HandlerEntry[]? _more;
    private int _count;

    public void Add(HandlerEntry entry)
    {
        if (_count == 0)
        {
            _first = entry;
        }
        else
        {
            _more ??= new HandlerEntry[2];
            if (_count - 1 == _more.Length) Array.Resize(ref _more, _more.Length * 2);
            _more[_count - 1] = entry;
        }
        _count++;
    }

    public bool Handle(object message)
    {
        if (_count == 0) return false;
        if (_first.Invoker.TryInvoke(_first.Handler, message)) return true;
        for (var i = 0; i < _count - 1; i++)
        {
            ref readonly var e = ref _more![i];
            if (e.Invoker.TryInvoke(e.Handler, message)) return true;
        }
        return false;
    }
}

/// <summary>The handlers of one <c>Become</c> behaviour, as an object the behaviour delegate can close over.</summary>
internal sealed class HandlerSet
{
    public HandlerList List;

    public bool Handle(object message) => List.Handle(message);
}
