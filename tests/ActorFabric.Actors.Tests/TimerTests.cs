using ActorFabric.Actors.TestKit;

namespace ActorFabric.Actors.Tests;

public class TimerTests
{
    private sealed record StartSingle(string Key, TimeSpan Delay);
    private sealed record StartPeriodic(string Key, TimeSpan Interval);
    private sealed record CancelTimer(string Key);
    private sealed record IsActive(string Key);

    /// <summary>Forwards every timer tick (a string) to the probe with the time it arrived.</summary>
    private sealed class TimerActor : ReceiveActor
    {
        public TimerActor(IActorRef probe)
        {
            Receive<StartSingle>(s => Context.Timers.StartSingleTimer(s.Key, "tick:" + s.Key, s.Delay));
            Receive<StartPeriodic>(s => Context.Timers.StartPeriodicTimer(s.Key, "tick:" + s.Key, s.Interval));
            Receive<CancelTimer>(c => Context.Timers.Cancel(c.Key));
            Receive<IsActive>(a => Sender.Tell(Context.Timers.IsTimerActive(a.Key), Self));
            Receive<Boom>(b => throw new InvalidOperationException(b.Reason));
            Receive<string>(s => probe.Tell((s, Context.Now), Self));
        }
    }

    private static (ActorTestKit, TestProbe, IActorRef) Setup()
    {
        var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var actor = kit.ActorOf(Props.Create(() => new TimerActor(probe.Ref)), "timers");
        return (kit, probe, actor);
    }

    [Fact]
    public void A_single_timer_fires_once_after_its_delay_in_virtual_time()
    {
        var (kit, probe, actor) = Setup();
        using var _ = kit;
        actor.Tell(new StartSingle("a", TimeSpan.FromSeconds(5)));
        var (tick, at) = probe.ExpectMsg<(string, TimeSpan)>(TimeSpan.FromSeconds(10));
        Assert.Equal("tick:a", tick);
        Assert.Equal(TimeSpan.FromSeconds(5), at);
        probe.ExpectNoMsg(TimeSpan.FromMinutes(1));
        probe.Send(actor, new IsActive("a"));
        Assert.False(probe.ExpectMsg<bool>());
    }

    [Fact]
    public void A_periodic_timer_fires_at_every_interval_until_cancelled()
    {
        var (kit, probe, actor) = Setup();
        using var _ = kit;
        actor.Tell(new StartPeriodic("p", TimeSpan.FromSeconds(2)));
        for (var i = 1; i <= 3; i++)
            Assert.Equal(TimeSpan.FromSeconds(2 * i), probe.ExpectMsg<(string, TimeSpan)>().Item2);
        actor.Tell(new CancelTimer("p"));
        probe.ExpectNoMsg(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Restarting_a_timer_with_the_same_key_replaces_it()
    {
        var (kit, probe, actor) = Setup();
        using var _ = kit;
        actor.Tell(new StartSingle("k", TimeSpan.FromSeconds(1)));
        actor.Tell(new StartSingle("k", TimeSpan.FromSeconds(3)));
        Assert.Equal(TimeSpan.FromSeconds(3), probe.ExpectMsg<(string, TimeSpan)>().Item2);
        probe.ExpectNoMsg(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Several_keys_run_independently_and_cancelling_one_leaves_the_others()
    {
        var (kit, probe, actor) = Setup();
        using var _ = kit;
        actor.Tell(new StartSingle("a", TimeSpan.FromSeconds(1)));
        actor.Tell(new StartSingle("b", TimeSpan.FromSeconds(2)));
        actor.Tell(new StartSingle("c", TimeSpan.FromSeconds(3)));
        actor.Tell(new CancelTimer("a"));   // the first key started
        actor.Tell(new StartSingle("d", TimeSpan.FromSeconds(4)));   // takes the place "a" left
        actor.Tell(new CancelTimer("c"));
        probe.Send(actor, new IsActive("b"));
        Assert.True(probe.ExpectMsg<bool>());
        probe.Send(actor, new IsActive("a"));
        Assert.False(probe.ExpectMsg<bool>());
        Assert.Equal(("tick:b", TimeSpan.FromSeconds(2)), probe.ExpectMsg<(string, TimeSpan)>());
        Assert.Equal(("tick:d", TimeSpan.FromSeconds(4)), probe.ExpectMsg<(string, TimeSpan)>());
        probe.ExpectNoMsg(TimeSpan.FromSeconds(10));
        foreach (var key in new[] { "a", "b", "c", "d" })
        {
            probe.Send(actor, new IsActive(key));
            Assert.False(probe.ExpectMsg<bool>());
        }
    }

    [Fact]
    public void A_tick_already_queued_when_its_timer_is_cancelled_is_not_delivered()
    {
        var (kit, probe, actor) = Setup();
        using var _ = kit;
        // Both due at t=1s; the cancel was scheduled first, so it is queued ahead of the tick.
        kit.System.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(1), actor, new CancelTimer("k"), null);
        actor.Tell(new StartSingle("k", TimeSpan.FromSeconds(1)));
        probe.ExpectNoMsg(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Timers_are_cancelled_when_the_actor_restarts()
    {
        var (kit, probe, actor) = Setup();
        using var _ = kit;
        actor.Tell(new StartPeriodic("p", TimeSpan.FromSeconds(1)));
        probe.ExpectMsg<(string, TimeSpan)>();
        actor.Tell(new Boom("restart"));
        probe.ExpectNoMsg(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Timers_are_cancelled_when_the_actor_stops()
    {
        var (kit, probe, actor) = Setup();
        using var _ = kit;
        actor.Tell(new StartPeriodic("p", TimeSpan.FromSeconds(1)));
        probe.ExpectMsg<(string, TimeSpan)>();
        kit.System.Stop(actor);
        probe.ExpectNoMsg(TimeSpan.FromSeconds(10));
        Assert.Equal(0, kit.System.DeadLetters);
        Assert.Equal(0, kit.Clock.Pending);
    }

    [Fact]
    public void Timers_fire_under_real_time_too()
    {
        using var kit = new ActorTestKit(clock: ClockMode.Real);
        var probe = kit.CreateProbe();
        var actor = kit.ActorOf(Props.Create(() => new TimerActor(probe.Ref)));
        actor.Tell(new StartSingle("once", TimeSpan.FromMilliseconds(20)));
        actor.Tell(new StartPeriodic("every", TimeSpan.FromMilliseconds(10)));
        var ticks = new List<string>();
        while (!ticks.Contains("tick:once") || ticks.Count(t => t == "tick:every") < 3)
            ticks.Add(probe.ExpectMsg<(string, TimeSpan)>(TimeSpan.FromSeconds(10)).Item1);
        Assert.Single(ticks, t => t == "tick:once");
        actor.Tell(new CancelTimer("every"));
        probe.Send(actor, new IsActive("every"));
        probe.FishForMessage(m => m is false, TimeSpan.FromSeconds(10));
    }
}

public class ReceiveTimeoutTests
{
    private sealed class SleepyActor : ReceiveActor
    {
        public SleepyActor(IActorRef probe)
        {
            Receive<Messages.ReceiveTimeout>(_ => probe.Tell(("idle", Context.Now), Self));
            Receive<string>(s => s == "off", _ => Context.SetReceiveTimeout(null));
            Receive<string>(_ => { });
        }

        protected internal override void PreStart() => Context.SetReceiveTimeout(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void ReceiveTimeout_fires_only_after_the_actor_has_been_idle_that_long()
    {
        using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var actor = kit.ActorOf(Props.Create(() => new SleepyActor(probe.Ref)));
        for (var i = 1; i <= 5; i++)
            kit.System.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(500 * i), actor, "busy", null);
        var (_, at) = probe.ExpectMsg<(string, TimeSpan)>(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromMilliseconds(3500), at);
        Assert.Equal(TimeSpan.FromMilliseconds(4500), probe.ExpectMsg<(string, TimeSpan)>().Item2);
        actor.Tell("off");
        probe.ExpectNoMsg(TimeSpan.FromSeconds(10));
    }
}
