using ActorFabric.Actors.Messages;

namespace ActorFabric.Actors;

/// <summary>The <see cref="IActorContext"/> and <see cref="IStash"/> faces of the cell, used from the actor's own turn.</summary>
internal sealed partial class ActorCell
{
    public IActorRef Self => this;

    public IActorRef Sender => t_current?.Sender ?? _system.DeadLetterRef;

    public IActorRef Parent => (IActorRef?)_parent ?? _system.DeadLetterRef;

    public TimeSpan Now => _system.Now;

    public IReadOnlyList<IActorRef> Children =>
        _extras?.Children is { } children ? SnapshotChildren(children) : [];

    public IActorRef? Child(string name)
    {
        var children = _extras?.Children;
        if (children is null) return null;
        lock (children) return children.TryGetValue(name, out var child) ? child : null;
    }

    public IActorRef ActorOf(Props props, string? name = null) => CreateChild(props, name);

    internal ActorCell CreateChild(Props props, string? name)
    {
        ArgumentNullException.ThrowIfNull(props);
        if ((_state & (Terminating | Dead)) != 0)
            throw new InvalidOperationException($"Cannot create a child of {_path}: it is stopping or stopped.");
        var extras = Extras;
        var children = extras.Children;
        if (children is null)
        {
            // Only the guardian is reached from other threads, and its table exists from the start.
            children = extras.Children = new Dictionary<string, ActorCell>(StringComparer.Ordinal);
        }
        ActorCell child;
        lock (children)
        {
            if (name is null)
            {
                name = "$" + extras.NextChildId.ToString("x", global::System.Globalization.CultureInfo.InvariantCulture);
                extras.NextChildId++;
            }
            else if (name.Length == 0 || name[0] == '$' || name.Contains('/'))
            {
                throw new InvalidActorNameException($"Invalid actor name '{name}': must be non-empty, contain no '/', not start with '$'.");
            }
            if (children.ContainsKey(name))
                throw new InvalidActorNameException($"Actor name '{name}' is not unique under {_path}.");
            child = new ActorCell(_system, this, _path.Child(name), props);
            children.Add(name, child);
        }
        child.Start();
        return child;
    }

    /// <summary>Makes the guardian's child table up front: <see cref="ActorSystem.ActorOf"/> reaches it from any thread.</summary>
    internal void PrepareAsGuardian() => Extras.Children = new Dictionary<string, ActorCell>(StringComparer.Ordinal);

    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor is ActorCell cell && cell._parent == this)
        {
            StopChild(cell);
            return;
        }
        if (actor == this)
        {
            BeginTerminate();
            return;
        }
        if (actor is IInternalActorRef other) other.SendSystemMessage(Terminate.Instance);
    }

    public IActorRef Watch(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor is not IInternalActorRef target)
            throw new NotSupportedException($"Cannot watch {actor.Path}: its ref type {actor.GetType().Name} does not support death watch.");
        var watching = Extras.Watching ??= new List<IActorRef>(2);
        if (!watching.Contains(actor))
        {
            watching.Add(actor);
            target.SendSystemMessage(new Watch(this));
        }
        return actor;
    }

    public IActorRef Unwatch(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (_extras?.Watching is { } watching && watching.Remove(actor))
            (actor as IInternalActorRef)?.SendSystemMessage(new Unwatch(this));
        return actor;
    }

    public void Become(Behavior behavior, bool discardOld = true)
    {
        ArgumentNullException.ThrowIfNull(behavior);
        var extras = Extras;
        var stack = extras.BehaviorStack ??= new List<Behavior>(2);
        if (discardOld && stack.Count > 0) stack[^1] = behavior;
        else stack.Add(behavior);
        extras.Behavior = behavior;
        MarkDirty();
    }

    public void Unbecome()
    {
        var extras = _extras;
        if (extras?.BehaviorStack is not { Count: > 0 } stack) return;
        stack.RemoveAt(stack.Count - 1);
        extras.Behavior = stack.Count > 0 ? stack[^1] : null;
        MarkDirty();
    }

    public IStash Stash => this;

    public ITimerScheduler Timers => Extras.Timers ??= new ActorTimers(this);

    private static readonly object ReceiveTimeoutKey = new();

    public void SetReceiveTimeout(TimeSpan? timeout)
    {
        if (timeout is { } t && t <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), "timeout must be positive");
        if (timeout is null && _extras?.ReceiveTimeout is null) return;
        Extras.ReceiveTimeout = timeout;
        RestartReceiveTimeout();
    }

    /// <summary>(Re)arms the receive timeout after a turn that handled messages.</summary>
    private void RestartReceiveTimeout()
    {
        var extras = _extras;
        if (extras is null) return;
        if (extras.ReceiveTimeout is { } timeout) Timers.StartSingleTimer(ReceiveTimeoutKey, ReceiveTimeout.Instance, timeout);
        else extras.Timers?.Cancel(ReceiveTimeoutKey);
    }

    // ---- stash ----

    void IStash.Stash()
    {
        var envelope = t_current ?? throw new InvalidOperationException("Stash() must be called while handling a message.");
        if (envelope.Message is TimerMessage tick)
        {
            // Stash the tick's payload: once set aside, a timer tick must not be re-validated.
            envelope = new Envelope(tick.Message, null);
        }
        var extras = Extras;
        if (ReferenceEquals(extras.StashTail, envelope)) throw new InvalidOperationException("This message is already stashed.");
        envelope.Next = null;
        if (extras.StashTail is null) extras.StashHead = envelope;
        else extras.StashTail.Next = envelope;
        extras.StashTail = envelope;
        extras.StashCount++;
    }

    void IStash.UnstashAll() => UnstashAllInternal();

    void IStash.Unstash()
    {
        var extras = _extras;
        var head = extras?.StashHead;
        if (head is null) return;
        extras!.StashHead = head.Next;
        if (extras.StashHead is null) extras.StashTail = null;
        extras.StashCount--;
        head.Next = _batch;
        _batch = head;
        _system.Counters.Add(1);
        MarkDirty();
    }

    int IStash.Count => _extras?.StashCount ?? 0;

    private void UnstashAllInternal()
    {
        var extras = _extras;
        if (extras?.StashHead is not { } head) return;
        var count = extras.StashCount;
        extras.StashTail!.Next = _batch;
        _batch = head;
        extras.StashHead = extras.StashTail = null;
        extras.StashCount = 0;
        // Back in the mailbox means back in flight.
        _system.Counters.Add(count);
        MarkDirty();
    }
}
