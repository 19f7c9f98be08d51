using ActorFabric.Protocols.Timing;

namespace ActorFabric.Protocols.Tests.Timing;

public class TimerTableTests
{
    private enum Kind { Hold, Keepalive, Retry }

    private enum Gapped { A = 0, B = 2 }

    private static readonly TimeSpan S1 = TimeSpan.FromSeconds(1), S2 = TimeSpan.FromSeconds(2), S3 = TimeSpan.FromSeconds(3);

    [Fact]
    public void Next_is_the_earliest_armed_deadline()
    {
        var t = new TimerTable<Kind>();
        Assert.Null(t.Next());
        t.Set(Kind.Hold, S3);
        t.Set(Kind.Retry, S2);
        Assert.Equal(S2, t.Next());
        t.Stop(Kind.Retry);
        Assert.Equal(S3, t.Next());
        t.StopAll();
        Assert.Null(t.Next());
    }

    [Fact]
    public void TryExpire_fires_once_at_or_after_the_deadline()
    {
        var t = new TimerTable<Kind>();
        t.Set(Kind.Keepalive, S2);
        Assert.False(t.TryExpire(Kind.Keepalive, S1));
        Assert.True(t.Expired(Kind.Keepalive, S2));
        Assert.True(t.TryExpire(Kind.Keepalive, S2));
        Assert.False(t.IsSet(Kind.Keepalive));
        Assert.False(t.TryExpire(Kind.Keepalive, S3));
    }

    [Fact]
    public void SetOrStop_replaces_the_deadline_or_stops_the_timer_on_null()
    {
        var t = new TimerTable<Kind>();
        t.Set(Kind.Retry, S1);
        t.SetOrStop(Kind.Retry, S3); // a sweep found its next instant later than the old one
        Assert.Equal(S3, t.Get(Kind.Retry));
        t.SetOrStop(Kind.Retry, null);
        Assert.False(t.IsSet(Kind.Retry));
        Assert.Null(t.Next());
    }

    [Fact]
    public void Conditional_setters_keep_the_first_or_the_earliest_deadline()
    {
        var t = new TimerTable<Kind>();
        t.SetIfStopped(Kind.Hold, S2);
        t.SetIfStopped(Kind.Hold, S1);
        Assert.Equal(S2, t.Get(Kind.Hold));
        t.SetNoLaterThan(Kind.Retry, S3);
        t.SetNoLaterThan(Kind.Retry, S1);
        t.SetNoLaterThan(Kind.Retry, S2);
        Assert.Equal(S1, t.Get(Kind.Retry));
    }

    [Fact]
    public void Timer_kinds_must_be_numbered_from_zero_without_gaps()
    {
        var e = Assert.Throws<TypeInitializationException>(() => new TimerTable<Gapped>());
        Assert.IsType<InvalidOperationException>(e.InnerException);
    }

    [Fact]
    public void Earliest_treats_null_as_nothing_armed()
    {
        Assert.Null(Deadline.Earliest(null, null));
        Assert.Equal(S1, Deadline.Earliest(S1, null));
        Assert.Equal(S1, Deadline.Earliest(null, S1));
        Assert.Equal(S1, Deadline.Earliest(S2, S1));
    }
}
