using ActorFabric.Actors.Messages;
using Serilog;

namespace ActorFabric.Actors;

/// <summary>
/// The kernel's side of one actor: its ref, its mailbox and its context, in one object so an
/// idle actor costs little. Mailbox: producers push envelopes onto a lock-free stack (one CAS);
/// the actor's turn swaps the whole stack out, reverses it into a private FIFO and handles up
/// to <see cref="ActorSystemOptions.Throughput"/> messages before yielding the thread.
/// System messages use a second stack that is drained first, even while suspended.
/// </summary>
internal sealed partial class ActorCell : IInternalActorRef, IActorContext, IStash, IThreadPoolWorkItem
{
    private const int NeedsCreate = 1, Suspended = 2, Terminating = 4, Dead = 8, WaitingForChildren = 16;

    [ThreadStatic] private static ActorCell? t_constructing;

    // The envelope being handled by the turn running on this thread. Only that actor may use its
    // context, so a thread-static is enough, and the turn does not write its own cell per message
    // (producers CAS that cache line; the consumer leaving it alone keeps it from bouncing).
    [ThreadStatic] private static Envelope? t_current;

    // Set when a handler changed something the batch loop caches (state, behaviour, stash).
    [ThreadStatic] private static bool t_dirty;

    private readonly ActorSystem _system;
    private readonly ActorCell? _parent;
    private readonly ActorPath _path;
    private readonly Props _props;
    private ActorBase? _actor;
    private Envelope? _userHead;
    private Envelope? _batch;
    private Envelope? _sysHead;
    private CellExtras? _extras;
    private int _scheduled;
    private volatile int _state;

    public ActorCell(ActorSystem system, ActorCell? parent, ActorPath path, Props props)
    {
        _system = system;
        _parent = parent;
        _path = path;
        _props = props;
        _state = NeedsCreate;
    }

    /// <summary>The cell whose actor instance is being constructed on this thread.</summary>
    internal static ActorCell? Constructing => t_constructing;

    public ActorPath Path => _path;

    public ActorSystem System => _system;

    internal ActorSystem SystemImpl => _system;

    public bool IsTerminated => (_state & Dead) != 0;

    internal ActorBase? Actor => _actor;

    private CellExtras Extras => _extras ??= new CellExtras();

    public override string ToString() => _path.ToString();

    // ---- sending ----

    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_system.SerializeMessages) message = _system.Serialization.RoundTrip(message, this);
        Post(message, sender, precounted: false);
    }

    /// <summary>Enqueues without serialization checks; <paramref name="precounted"/>: already counted in flight (scheduled tells).</summary>
    internal void Post(object message, IActorRef? sender, bool precounted)
    {
        if ((_state & Dead) != 0)
        {
            if (precounted) _system.Counters.Add(-1);
            // A timer tick racing with the stop is not a letter anyone sent.
            if (message is not TimerMessage) _system.PublishDeadLetter(message, sender, this);
            return;
        }
        if (!precounted) _system.Counters.Increment();
        var envelope = new Envelope(message, sender);
        var head = Volatile.Read(ref _userHead);
        while (true)
        {
            envelope.Next = head;
            var seen = Interlocked.CompareExchange(ref _userHead, envelope, head);
            if (seen == head) break;
            head = seen;
        }
        // Only the push onto an empty stack needs to wake the actor; a running turn re-checks before it ends.
        if (head is null) TrySchedule(preferLocal: true);
    }

    public void SendSystemMessage(SystemMessage message)
    {
        var envelope = new Envelope(message, null);
        var head = Volatile.Read(ref _sysHead);
        while (true)
        {
            envelope.Next = head;
            var seen = Interlocked.CompareExchange(ref _sysHead, envelope, head);
            if (seen == head) break;
            head = seen;
        }
        TrySchedule(preferLocal: true);
    }

    /// <summary>Registered child: schedule the first turn, which creates the instance and runs PreStart.</summary>
    internal void Start() => TrySchedule(preferLocal: true);

    private void TrySchedule(bool preferLocal)
    {
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
            _system.Dispatch(this, preferLocal);
    }

    private bool HasWork()
    {
        if (Volatile.Read(ref _sysHead) is not null) return true;
        var state = _state;
        if ((state & NeedsCreate) != 0) return true;
        if ((state & Dead) != 0) return Volatile.Read(ref _userHead) is not null || _batch is not null;
        if ((state & Suspended) != 0) return false;
        return _batch is not null || Volatile.Read(ref _userHead) is not null;
    }

    // ---- the turn ----

    void IThreadPoolWorkItem.Execute() => Run();

    /// <summary>One turn: create if needed, system messages, then a batch of user messages. Returns messages handled.</summary>
    internal int Run()
    {
        var counters = _system.Counters;
        var previous = counters.EnterTurn();
        var handled = 0;
        var system = 0;
        var deadLettered = 0;
        try
        {
            if ((_state & NeedsCreate) != 0)
            {
                _state &= ~NeedsCreate;
                CreateInstance(null);
            }
            system = ProcessSystemMessages();
            var state = _state;
            if ((state & Dead) != 0) deadLettered = DrainToDeadLetters();
            else if ((state & Suspended) == 0) handled = ProcessUserMessages(_system.Throughput);
        }
        catch (Exception ex)
        {
            // Kernel bug guard: never let an exception escape onto the thread pool.
            _system.Log.Error(ex, "Actor kernel error in {Path}", _path);
        }
        finally
        {
            counters.ExitTurn(handled + deadLettered, handled, previous, retain: _system.Virtual is not null);
        }
        Interlocked.Exchange(ref _scheduled, 0);
        if (HasWork()) TrySchedule(preferLocal: false);
        return handled + system;
    }

    private int ProcessUserMessages(int throughput)
    {
        var count = 0;
        var batch = _batch;
        _batch = null;
        var actor = _actor!;
        var behavior = _extras?.Behavior;
        var tracer = _system.Tracer;
        t_dirty = false;
        while (count < throughput)
        {
            var envelope = batch ?? TakeUserMessages();
            if (envelope is null) break;
            batch = envelope.Next;
            envelope.Next = null;
            count++;
            Invoke(envelope, actor, behavior, tracer);
            if (t_dirty)
            {
                t_dirty = false;
                batch = PrependUnstashed(batch);
                if ((_state & (Suspended | Dead)) != 0) break;
                actor = _actor!;
                behavior = _extras?.Behavior;
            }
            // System messages (stop, supervision) are looked at every few messages.
            if ((count & 15) == 0 && Volatile.Read(ref _sysHead) is not null) break;
        }
        _batch = PrependUnstashed(batch);
        if (count > 0 && (_state & (Suspended | Dead)) == 0 && _extras?.ReceiveTimeout is not null) RestartReceiveTimeout();
        return count;
    }

    /// <summary>Puts messages unstashed during this turn (left in <see cref="_batch"/>) in front of <paramref name="batch"/>.</summary>
    private Envelope? PrependUnstashed(Envelope? batch)
    {
        var unstashed = _batch;
        if (unstashed is null) return batch;
        _batch = null;
        if (batch is null) return unstashed;
        var tail = unstashed;
        while (tail.Next is not null) tail = tail.Next;
        tail.Next = batch;
        return unstashed;
    }

    private static void MarkDirty() => t_dirty = true;

    private Envelope? TakeUserMessages()
    {
        if (Volatile.Read(ref _userHead) is null) return null;
        return Reverse(Interlocked.Exchange(ref _userHead, null));
    }

    private static Envelope? Reverse(Envelope? stack)
    {
        Envelope? fifo = null;
        while (stack is not null)
        {
            var next = stack.Next;
            stack.Next = fifo;
            fifo = stack;
            stack = next;
        }
        return fifo;
    }

    private void Invoke(Envelope envelope, ActorBase actor, Behavior? behavior, MessageTracer? tracer)
    {
        t_current = envelope;
        var message = envelope.Message;
        try
        {
            // Exact-type checks: far cheaper than an interface test on every message.
            var type = message.GetType();
            if ((type == typeof(TimerMessage) || type == typeof(PoisonPill) || type == typeof(Terminated)) && HandleKernelMessage(message)) return;
            tracer?.Invoke(_system.Now, envelope.Sender?.Path, _path, message);
            var handled = behavior is not null ? behavior(message) : actor.OnMessage(message);
            if (!handled) actor.Unhandled(message);
        }
        catch (Exception ex)
        {
            Fail(ex, message);
        }
        finally
        {
            t_current = null;
        }
    }

    private void Trace(IActorRef? sender, object message)
    {
        var tracer = _system.Tracer;
        if (tracer is not null) tracer(_system.Now, sender?.Path, _path, message);
    }

    /// <summary>Messages the kernel acts on itself; true when consumed.</summary>
    private bool HandleKernelMessage(object message)
    {
        switch (message)
        {
            case TimerMessage tick:
                if (_extras?.Timers is { } timers && timers.Accept(tick))
                {
                    Trace(null, tick.Message);
                    Deliver(tick.Message);
                }
                return true;
            case PoisonPill:
                Trace(t_current?.Sender, message);
                BeginTerminate();
                return true;
            case Terminated terminated:
                // A Terminated for an actor we no longer watch is stale (Unwatch raced with its stop).
                if (_extras?.Watching is not { } watching || !watching.Remove(terminated.Actor)) return true;
                return false;
            default:
                return false;
        }
    }

    private void Deliver(object message)
    {
        var actor = _actor!;
        var behavior = _extras?.Behavior;
        var handled = behavior is not null ? behavior(message) : actor.OnMessage(message);
        if (!handled) actor.Unhandled(message);
    }

    private int DrainToDeadLetters()
    {
        var count = 0;
        while (true)
        {
            var envelope = _batch ?? TakeUserMessages();
            if (envelope is null) return count;
            _batch = envelope.Next;
            envelope.Next = null;
            count++;
            if (envelope.Message is TimerMessage) continue;
            _system.PublishDeadLetter(envelope.Message, envelope.Sender, this);
        }
    }

    private void CreateInstance(Exception? restartCause)
    {
        ActorBase actor;
        var previous = t_constructing;
        t_constructing = this;
        try
        {
            actor = _props.NewActor();
        }
        catch (Exception ex)
        {
            Fail(new Supervision.ActorInitializationException(_path, ex), null);
            return;
        }
        finally
        {
            t_constructing = previous;
        }
        _actor = actor;
        try
        {
            if (restartCause is null) actor.PreStart();
            else actor.PostRestart(restartCause);
        }
        catch (Exception ex)
        {
            Fail(new Supervision.ActorInitializationException(_path, ex), null);
            return;
        }
        _state &= ~Suspended;
    }

    public ILogger Log => _system.Log;
}
