namespace ActorFabric.Actors.Supervision;

/// <summary>How a parent reacts to its children's failures.</summary>
public abstract class SupervisorStrategy
{
    /// <summary>Restart on any exception except initialisation failures (stop), immediately, at most 10 times a minute.</summary>
    public static readonly SupervisorStrategy Default = new OneForOneStrategy();

    /// <summary>The directive for <paramref name="cause"/>.</summary>
    public abstract Directive Decide(Exception cause);

    /// <summary>Most restarts within <see cref="Within"/> before the child is stopped instead; negative means unlimited.</summary>
    public abstract int MaxRestarts { get; }

    public abstract TimeSpan Within { get; }

    /// <summary>Delay before the first restart in a window; doubles with each further restart.</summary>
    public abstract TimeSpan MinBackoff { get; }

    /// <summary>Cap of the doubling delay.</summary>
    public abstract TimeSpan MaxBackoff { get; }

    /// <summary>The default decider: initialisation failures stop the actor, anything else restarts it.</summary>
    public static Directive DefaultDecider(Exception cause) =>
        cause is ActorInitializationException ? Directive.Stop : Directive.Restart;

    /// <summary>Back-off before restart number <paramref name="restartInWindow"/> (1-based): min·2^(n−1), capped at max.</summary>
    public TimeSpan BackoffFor(int restartInWindow)
    {
        if (MinBackoff <= TimeSpan.Zero) return TimeSpan.Zero;
        var ticks = MinBackoff.Ticks;
        for (var i = 1; i < restartInWindow && ticks < MaxBackoff.Ticks; i++)
            ticks *= 2;
        return TimeSpan.FromTicks(Math.Min(ticks, Math.Max(MaxBackoff.Ticks, MinBackoff.Ticks)));
    }
}
