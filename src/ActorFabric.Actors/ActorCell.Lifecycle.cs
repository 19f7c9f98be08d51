using ActorFabric.Actors.Messages;
using ActorFabric.Actors.Scheduling;
using ActorFabric.Actors.Supervision;

namespace ActorFabric.Actors;

/// <summary>Failure, supervision, restart, stop and death watch: everything driven by system messages.</summary>
internal sealed partial class ActorCell
{
    private int ProcessSystemMessages()
    {
        if (Volatile.Read(ref _sysHead) is null) return 0;
        var envelope = Reverse(Interlocked.Exchange(ref _sysHead, null));
        var count = 0;
        while (envelope is not null)
        {
            var next = envelope.Next;
            envelope.Next = null;
            count++;
            try
            {
                HandleSystemMessage((SystemMessage)envelope.Message);
            }
            catch (Exception ex)
            {
                _system.Log.Error(ex, "System message {Type} failed in {Path}", envelope.Message.GetType().Name, _path);
            }
            envelope = next;
        }
        return count;
    }

    private void HandleSystemMessage(SystemMessage message)
    {
        if ((_state & Dead) != 0)
        {
            // Only a late Watch needs an answer from a dead actor; counted restarts give their count back.
            if (message is Watch lateWatch) lateWatch.Watcher.Tell(new Terminated(this));
            else if (message is Recreate { Counted: true }) _system.Counters.Add(-1);
            return;
        }
        switch (message)
        {
            case Failed failed:
                HandleChildFailure(failed.Child, failed.Cause);
                break;
            case Recreate recreate:
                HandleRecreate(recreate.Cause);
                if (recreate.Counted) _system.Counters.Add(-1);
                break;
            case Resume:
                HandleResume();
                break;
            case Terminate:
                BeginTerminate();
                break;
            case Watch watch:
                var watchers = Extras.Watchers ??= new List<IActorRef>(2);
                if (!watchers.Contains(watch.Watcher)) watchers.Add(watch.Watcher);
                break;
            case Unwatch unwatch:
                _extras?.Watchers?.Remove(unwatch.Watcher);
                break;
            case ChildTerminated childTerminated:
                HandleChildTerminated(childTerminated.Child);
                break;
        }
    }

    // ---- failure and supervision ----

    /// <summary>Suspends this actor and asks the parent what to do.</summary>
    private void Fail(Exception cause, object? message)
    {
        if ((_state & (Terminating | Dead)) != 0)
        {
            _system.Log.Warning(cause, "Actor {Path} failed while stopping", _path);
            return;
        }
        _state |= Suspended;
        MarkDirty();
        Extras.FailedMessage = message;
        _system.Log.Debug(cause, "Actor {Path} failed on {MessageType}", _path, message?.GetType().Name);
        if (_parent is null)
        {
            // The guardian has no supervisor: log and carry on.
            _system.Log.Error(cause, "Guardian {Path} failed", _path);
            _state &= ~Suspended;
            return;
        }
        _parent.SendSystemMessage(new Failed(this, cause));
    }

    private void HandleChildFailure(ActorCell child, Exception cause)
    {
        if (!IsLiveChild(child)) return;
        SupervisorStrategy strategy;
        Directive directive;
        try
        {
            strategy = _actor?.SupervisorStrategy() ?? SupervisorStrategy.Default;
            directive = strategy.Decide(cause);
        }
        catch (Exception ex)
        {
            _system.Log.Error(ex, "Supervisor strategy of {Path} threw; escalating", _path);
            strategy = SupervisorStrategy.Default;
            directive = Directive.Escalate;
        }
        switch (directive)
        {
            case Directive.Resume:
                child.SendSystemMessage(Resume.Instance);
                break;
            case Directive.Restart:
                RestartChild(child, cause, strategy);
                break;
            case Directive.Stop:
                StopChild(child);
                break;
            default:
                if (_parent is null)
                {
                    _system.Log.Error(cause, "Failure of {Child} escalated to the guardian; stopping it", child.Path);
                    StopChild(child);
                }
                else
                {
                    Fail(cause, t_current?.Message);
                }
                break;
        }
    }

    private void RestartChild(ActorCell child, Exception cause, SupervisorStrategy strategy)
    {
        var extras = Extras;
        var stats = extras.RestartStats ??= new Dictionary<ActorCell, RestartStatistics>(ReferenceEqualityComparer.Instance);
        if (!stats.TryGetValue(child, out var childStats)) stats[child] = childStats = new RestartStatistics();
        var restartNumber = childStats.RecordRestart(strategy, _system.Now);
        if (restartNumber < 0)
        {
            _system.Log.Warning(cause, "Actor {Child} exceeded {Max} restarts within {Within}; stopping it",
                child.Path, strategy.MaxRestarts, strategy.Within);
            StopChild(child);
            return;
        }
        var delay = strategy.BackoffFor(restartNumber);
        if (delay <= TimeSpan.Zero)
        {
            child.SendSystemMessage(new Recreate(cause, counted: false));
            return;
        }
        // A pending restart is work in flight: convergence must wait for it.
        var counters = _system.Counters;
        counters.Add(1);
        var item = new ScheduledAction(
            () => child.SendSystemMessage(new Recreate(cause, counted: true)),
            () => counters.Add(-1));
        _system.SchedulerImpl.Schedule(item, delay);
    }

    private void HandleRecreate(Exception cause)
    {
        if ((_state & Terminating) != 0) return;
        var old = _actor;
        var failedMessage = _extras?.FailedMessage;
        if (old is not null)
        {
            try
            {
                old.PreRestart(cause, failedMessage);
            }
            catch (Exception ex)
            {
                _system.Log.Warning(ex, "PreRestart of {Path} threw", _path);
            }
        }
        _actor = null;
        if (_extras is { } extras)
        {
            extras.Timers?.CancelAll();
            extras.ReceiveTimeout = null;
            extras.BehaviorStack?.Clear();
            extras.Behavior = null;
            extras.FailedMessage = null;
            UnstashAllInternal();
            if (extras.StoppingChildren is { Count: > 0 })
            {
                // Restart completes once the children stopped in PreRestart are gone, so names can be reused.
                extras.PendingRestartCause = cause;
                _state |= WaitingForChildren;
                return;
            }
        }
        CreateInstance(cause);
    }

    private void HandleResume()
    {
        if (_actor is null)
        {
            // Nothing to resume (construction failed); recreate instead.
            HandleRecreate(new InvalidOperationException("Resumed an actor that has no instance"));
            return;
        }
        _state &= ~Suspended;
        if (_extras?.Children is { } children)
        {
            foreach (var child in SnapshotChildren(children))
                child.SendSystemMessage(Resume.Instance);
        }
    }

    // ---- stop ----

    private void BeginTerminate()
    {
        if ((_state & (Terminating | Dead)) != 0) return;
        _state |= Terminating | Suspended;
        MarkDirty();
        _extras?.Timers?.CancelAll();
        if (_extras?.Children is { } children)
        {
            var live = SnapshotChildren(children);
            if (live.Length > 0)
            {
                foreach (var child in live) StopChild(child);
                return;
            }
        }
        FinishTerminate();
    }

    private void FinishTerminate()
    {
        _state |= Dead;
        var actor = _actor;
        _actor = null;
        if (actor is not null)
        {
            try
            {
                actor.PostStop();
            }
            catch (Exception ex)
            {
                _system.Log.Warning(ex, "PostStop of {Path} threw", _path);
            }
        }
        var extras = _extras;
        if (extras is not null)
        {
            for (var e = extras.StashHead; e is not null; e = e.Next)
                _system.PublishDeadLetter(e.Message, e.Sender, this);
            extras.StashHead = extras.StashTail = null;
            extras.StashCount = 0;
        }
        var drained = DrainToDeadLetters();
        if (drained > 0) _system.Counters.Add(-drained);
        if (extras is not null)
        {
            if (extras.Watchers is { } watchers)
            {
                var terminated = new Terminated(this);
                foreach (var watcher in watchers)
                {
                    if (watcher is ActorCell cell) cell.Post(terminated, this, precounted: false);
                    else watcher.Tell(terminated, this);
                }
            }
            if (extras.Watching is { } watching)
            {
                foreach (var watchee in watching)
                    (watchee as IInternalActorRef)?.SendSystemMessage(new Unwatch(this));
            }
            _extras = null;
        }
        if (_parent is not null) _parent.SendSystemMessage(new ChildTerminated(this));
        else _system.OnGuardianTerminated();
    }

    private void StopChild(ActorCell child)
    {
        if (!IsLiveChild(child)) return;
        var stopping = Extras.StoppingChildren ??= new HashSet<ActorCell>(ReferenceEqualityComparer.Instance);
        if (stopping.Add(child)) child.SendSystemMessage(Terminate.Instance);
    }

    private void HandleChildTerminated(ActorCell child)
    {
        var extras = _extras;
        if (extras is null) return;
        if (extras.Children is { } children)
        {
            lock (children)
            {
                if (children.TryGetValue(child.Path.Name, out var registered) && registered == child)
                    children.Remove(child.Path.Name);
            }
        }
        extras.StoppingChildren?.Remove(child);
        extras.RestartStats?.Remove(child);
        if ((_state & Terminating) != 0)
        {
            if (extras.Children is null || ChildCount(extras.Children) == 0) FinishTerminate();
            return;
        }
        if ((_state & WaitingForChildren) != 0 && extras.StoppingChildren is not { Count: > 0 })
        {
            _state &= ~WaitingForChildren;
            var cause = extras.PendingRestartCause ?? new InvalidOperationException("restart");
            extras.PendingRestartCause = null;
            CreateInstance(cause);
        }
    }

    private bool IsLiveChild(ActorCell child)
    {
        var children = _extras?.Children;
        if (children is null) return false;
        lock (children)
        {
            return children.TryGetValue(child.Path.Name, out var registered) && registered == child;
        }
    }

    private static int ChildCount(Dictionary<string, ActorCell> children)
    {
        lock (children) return children.Count;
    }

    private static ActorCell[] SnapshotChildren(Dictionary<string, ActorCell> children)
    {
        lock (children)
        {
            if (children.Count == 0) return [];
            var result = new ActorCell[children.Count];
            children.Values.CopyTo(result, 0);
            return result;
        }
    }
}
