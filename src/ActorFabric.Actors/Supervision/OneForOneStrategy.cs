namespace ActorFabric.Actors.Supervision;

/// <summary>Applies the directive only to the child that failed.</summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    private readonly Func<Exception, Directive> _decider;

    public OneForOneStrategy(
        int maxRestarts = 10,
        TimeSpan? within = null,
        Func<Exception, Directive>? decider = null,
        TimeSpan? minBackoff = null,
        TimeSpan? maxBackoff = null)
    {
        MaxRestarts = maxRestarts;
        Within = within ?? TimeSpan.FromMinutes(1);
        _decider = decider ?? DefaultDecider;
        MinBackoff = minBackoff ?? TimeSpan.Zero;
        MaxBackoff = maxBackoff ?? TimeSpan.FromSeconds(30);
        if (Within <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(within));
        if (MaxBackoff < MinBackoff) throw new ArgumentOutOfRangeException(nameof(maxBackoff), "maxBackoff must be >= minBackoff");
    }

    public OneForOneStrategy(Func<Exception, Directive> decider)
        : this(10, null, decider)
    {
    }

    public override int MaxRestarts { get; }

    public override TimeSpan Within { get; }

    public override TimeSpan MinBackoff { get; }

    public override TimeSpan MaxBackoff { get; }

    public override Directive Decide(Exception cause) => _decider(cause);
}
