namespace ActorFabric.Actors.Messages;

/// <summary>
/// Kernel-to-kernel control messages. They travel in a separate queue that is handled
/// before user messages and even while the actor is suspended after a failure.
/// </summary>
internal abstract class SystemMessage;

/// <summary>Child → parent: the child's Receive threw; it is suspended until the parent decides.</summary>
internal sealed class Failed(ActorCell child, Exception cause) : SystemMessage
{
    public ActorCell Child { get; } = child;
    public Exception Cause { get; } = cause;
}

/// <summary>Parent → child: restart with a fresh instance. Counted in flight when it was delayed by back-off.</summary>
internal sealed class Recreate(Exception cause, bool counted) : SystemMessage
{
    public Exception Cause { get; } = cause;
    public bool Counted { get; } = counted;
}

/// <summary>Parent → child: drop the failed message and carry on.</summary>
internal sealed class Resume : SystemMessage
{
    public static readonly Resume Instance = new();
}

/// <summary>Stop: children first, then PostStop, then watchers and parent are told.</summary>
internal sealed class Terminate : SystemMessage
{
    public static readonly Terminate Instance = new();
}

internal sealed class Watch(IActorRef watcher) : SystemMessage
{
    public IActorRef Watcher { get; } = watcher;
}

internal sealed class Unwatch(IActorRef watcher) : SystemMessage
{
    public IActorRef Watcher { get; } = watcher;
}

/// <summary>Child → parent: the child is gone; its name is free again.</summary>
internal sealed class ChildTerminated(ActorCell child) : SystemMessage
{
    public ActorCell Child { get; } = child;
}
