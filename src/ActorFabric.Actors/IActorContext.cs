using Serilog;

namespace ActorFabric.Actors;

/// <summary>What an actor can see and do from inside its message handlers.</summary>
public interface IActorContext
{
    IActorRef Self { get; }

    /// <summary>Sender of the message being handled; the dead-letter ref when there is none.</summary>
    IActorRef Sender { get; }

    /// <summary>The supervisor (the /user guardian for top-level actors).</summary>
    IActorRef Parent { get; }

    /// <summary>Live children, in creation order.</summary>
    IReadOnlyList<IActorRef> Children { get; }

    IActorRef? Child(string name);

    ActorSystem System { get; }

    /// <summary>Time from the system's clock.</summary>
    TimeSpan Now { get; }

    ILogger Log { get; }

    /// <summary>Creates a child; <paramref name="name"/> must be unique among live siblings (null: generated).</summary>
    IActorRef ActorOf(Props props, string? name = null);

    void Stop(IActorRef actor);

    /// <summary>Delivers <see cref="Messages.Terminated"/> when <paramref name="actor"/> stops (at once if it already has).</summary>
    IActorRef Watch(IActorRef actor);

    IActorRef Unwatch(IActorRef actor);

    void Become(Behavior behavior, bool discardOld = true);

    void Unbecome();

    IStash Stash { get; }

    ITimerScheduler Timers { get; }

    /// <summary>Sends <see cref="Messages.ReceiveTimeout"/> after this long without messages; null turns it off.</summary>
    void SetReceiveTimeout(TimeSpan? timeout);
}
