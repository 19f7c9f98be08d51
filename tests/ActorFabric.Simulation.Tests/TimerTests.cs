using Akka.Actor;
using Xunit.Abstractions;

namespace ActorFabric.Simulation.Tests;

/// <summary>Akka's timers (IWithTimers, receive timeouts, the scheduler) in virtual time.</summary>
public class TimerTests(ITestOutputHelper output) : VirtualTimeTestKit(output)
{
    private sealed record StartSingle(string Key, TimeSpan Delay);
    private sealed record StartPeriodic(string Key, TimeSpan Interval);
    private sealed record CancelTimer(string Key);
    private sealed record IsActive(string Key);

    /// <summary>Tells the probe every timer tick (a string) with the virtual time it arrived.</summary>
    private sealed class TimerActor : ReceiveActor, IWithTimers
    {
        public ITimerScheduler Timers { get; set; } = null!;

        public TimerActor(IActorRef probe)
        {
            var clock = EmulatedClock.Get(Context.System);
            Receive<StartSingle>(s => Timers.StartSingleTimer(s.Key, "tick:" + s.Key, s.Delay));
            Receive<StartPeriodic>(s => Timers.StartPeriodicTimer(s.Key, "tick:" + s.Key, s.Interval));
            Receive<CancelTimer>(c => Timers.Cancel(c.Key));
            Receive<IsActive>(a => Sender.Tell(Timers.IsTimerActive(a.Key), Self));
            Receive<Boom>(b => throw new InvalidOperationException(b.Reason));
            Receive<string>(s => probe.Tell((s, clock.Now), Self));
        }
    }

    private IActorRef TimerActorUnderTest() => Spawn(Props.Create(() => new TimerActor(TestActor)), "timers");

    private (string Tick, TimeSpan At) Tick() => ExpectMsg<(string, TimeSpan)>(TimeSpan.Zero);

    private bool Active(IActorRef actor, string key)
    {
        actor.Tell(new IsActive(key), TestActor);
        Driver.RunUntilIdle();
        return ExpectMsg<bool>(TimeSpan.Zero);
    }

    [Fact]
    public void A_single_timer_fires_once_after_its_delay_in_virtual_time()
    {
        var actor = TimerActorUnderTest();
        actor.Tell(new StartSingle("a", TimeSpan.FromSeconds(5)));
        Driver.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1));
        Assert.False(HasMessages);
        Driver.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(("tick:a", TimeSpan.FromSeconds(5)), Tick());
        Driver.Advance(TimeSpan.FromMinutes(1));
        Assert.False(HasMessages);
        Assert.False(Active(actor, "a"));
    }

    [Fact]
    public void A_periodic_timer_fires_at_every_interval_until_cancelled()
    {
        var actor = TimerActorUnderTest();
        actor.Tell(new StartPeriodic("p", TimeSpan.FromSeconds(2)));
        Driver.Advance(TimeSpan.FromSeconds(7));
        Assert.Equal(new[] { 2, 4, 6 }, ReceiveN(3, TimeSpan.FromSeconds(1)).Cast<(string, TimeSpan)>().Select(t => (int)t.Item2.TotalSeconds));
        Assert.False(HasMessages);
        Assert.True(Active(actor, "p"));
        actor.Tell(new CancelTimer("p"));
        Driver.Advance(TimeSpan.FromSeconds(30));
        Assert.False(HasMessages);
        Assert.False(Active(actor, "p"));
    }

    [Fact]
    public void Restarting_a_timer_with_the_same_key_replaces_it()
    {
        var actor = TimerActorUnderTest();
        actor.Tell(new StartSingle("k", TimeSpan.FromSeconds(1)));
        actor.Tell(new StartSingle("k", TimeSpan.FromSeconds(3)));
        Driver.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(("tick:k", TimeSpan.FromSeconds(3)), Tick());
        Assert.False(HasMessages);
    }

    [Fact]
    public void Several_keys_run_independently_and_cancelling_one_leaves_the_others()
    {
        var actor = TimerActorUnderTest();
        actor.Tell(new StartSingle("a", TimeSpan.FromSeconds(1)));
        actor.Tell(new StartSingle("b", TimeSpan.FromSeconds(2)));
        actor.Tell(new StartSingle("c", TimeSpan.FromSeconds(3)));
        actor.Tell(new CancelTimer("a"));
        actor.Tell(new StartSingle("d", TimeSpan.FromSeconds(4)));
        actor.Tell(new CancelTimer("c"));
        Assert.True(Active(actor, "b"));
        Assert.False(Active(actor, "a"));
        Driver.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(("tick:b", TimeSpan.FromSeconds(2)), Tick());
        Assert.Equal(("tick:d", TimeSpan.FromSeconds(4)), Tick());
        Assert.False(HasMessages);
        foreach (var key in new[] { "a", "b", "c", "d" }) Assert.False(Active(actor, key));
    }

    [Fact]
    public void Timers_due_at_the_same_instant_fire_in_the_order_they_were_started()
    {
        var actor = TimerActorUnderTest();
        foreach (var key in new[] { "z", "m", "a", "q" }) actor.Tell(new StartSingle(key, TimeSpan.FromSeconds(1)));
        Driver.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new[] { "tick:z", "tick:m", "tick:a", "tick:q" }, ReceiveN(4, TimeSpan.FromSeconds(1)).Cast<(string, TimeSpan)>().Select(t => t.Item1));
    }

    [Fact]
    public void A_timer_cancelled_at_the_instant_it_is_due_is_not_delivered()
    {
        var actor = TimerActorUnderTest();
        // Both due at t = 1 s; the cancel was scheduled first, so it reaches the actor before the tick would.
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(1), actor, new CancelTimer("k"), ActorRefs.NoSender);
        actor.Tell(new StartSingle("k", TimeSpan.FromSeconds(1)));
        Driver.Advance(TimeSpan.FromSeconds(5));
        Assert.False(HasMessages);
    }

    [Fact]
    public void Timers_are_cancelled_when_the_actor_restarts()
    {
        var actor = TimerActorUnderTest();
        actor.Tell(new StartPeriodic("p", TimeSpan.FromSeconds(1)));
        Driver.Advance(TimeSpan.FromSeconds(1));
        Tick();
        EventFilter.Exception<InvalidOperationException>("restart").ExpectOne(() =>
        {
            actor.Tell(new Boom("restart"));
            Driver.RunUntilIdle();
        });
        Driver.Advance(TimeSpan.FromSeconds(10));
        Assert.False(HasMessages);
        Assert.False(Active(actor, "p"));
    }

    [Fact]
    public void Timers_are_cancelled_when_the_actor_stops()
    {
        var actor = TimerActorUnderTest();
        actor.Tell(new StartPeriodic("p", TimeSpan.FromSeconds(1)));
        Driver.Advance(TimeSpan.FromSeconds(1));
        Tick();
        Watch(actor);
        // PoisonPill rather than Sys.Stop: stopping a top-level actor goes through the /user guardian on the thread pool.
        actor.Tell(PoisonPill.Instance);
        Driver.RunUntilIdle();
        ExpectTerminated(actor, TimeSpan.FromSeconds(1));
        Driver.Advance(TimeSpan.FromSeconds(10));
        Assert.False(HasMessages);
        Assert.Equal(0, Driver.PendingTimers);
    }

    private sealed class SleepyActor : ReceiveActor
    {
        public SleepyActor(IActorRef probe)
        {
            var clock = EmulatedClock.Get(Context.System);
            Receive<ReceiveTimeout>(_ => probe.Tell(("idle", clock.Now), Self));
            Receive<string>(s => s == "off", _ => Context.SetReceiveTimeout(null));
            Receive<string>(_ => { });
        }

        protected override void PreStart() => Context.SetReceiveTimeout(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void A_receive_timeout_fires_only_after_the_actor_has_been_idle_that_long()
    {
        var actor = Spawn(Props.Create(() => new SleepyActor(TestActor)));
        for (int i = 1; i <= 5; i++) Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(500 * i), actor, "busy", ActorRefs.NoSender);
        Driver.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(("idle", TimeSpan.FromMilliseconds(3500)), ExpectMsg<(string, TimeSpan)>(TimeSpan.Zero));
        Assert.Equal(("idle", TimeSpan.FromMilliseconds(4500)), ExpectMsg<(string, TimeSpan)>(TimeSpan.Zero));
        Assert.False(HasMessages);
        actor.Tell("off");
        Driver.Advance(TimeSpan.FromSeconds(10));
        Assert.False(HasMessages);
    }

    [Fact]
    public void ScheduleTellOnce_with_zero_delay_is_delivered_at_the_current_instant_after_queued_work()
    {
        var recorder = Spawn(Props.Create(() => new RecorderActor(TestActor)));
        Driver.Advance(TimeSpan.FromSeconds(3));
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.Zero, recorder, "scheduled", ActorRefs.NoSender);
        recorder.Tell("told");
        Assert.Equal(1, Driver.PendingTimers);
        Driver.Advance(TimeSpan.Zero);
        var got = ReceiveN(2, TimeSpan.FromSeconds(1)).Cast<(object, TimeSpan)>().ToArray();
        Assert.Equal(new object[] { "told", "scheduled" }, got.Select(g => g.Item1));
        Assert.All(got, g => Assert.Equal(TimeSpan.FromSeconds(3), g.Item2));
        Assert.Equal(TimeSpan.FromSeconds(3), VirtualNow);
    }

    [Fact]
    public void ScheduleTellOnce_with_a_huge_delay_waits_that_long_without_overflowing()
    {
        var recorder = Spawn(Props.Create(() => new RecorderActor(TestActor)));
        var huge = TimeSpan.FromDays(10 * 365);
        Sys.Scheduler.ScheduleTellOnce(huge, recorder, "much later", ActorRefs.NoSender);
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(1), recorder, "soon", ActorRefs.NoSender);
        Driver.Advance(TimeSpan.FromDays(365));
        Assert.Equal<(object, TimeSpan)>(("soon", TimeSpan.FromSeconds(1)), ExpectMsg<(object, TimeSpan)>(TimeSpan.Zero));
        Assert.False(HasMessages);
        Assert.True(Driver.RunUntil(() => HasMessages, TimeSpan.MaxValue));
        Assert.Equal<(object, TimeSpan)>(("much later", huge), ExpectMsg<(object, TimeSpan)>(TimeSpan.Zero));
        Assert.Equal(huge, VirtualNow);
    }

    [Fact]
    public void A_cancelled_scheduled_tell_is_never_delivered()
    {
        var recorder = Spawn(Props.Create(() => new RecorderActor(TestActor)));
        var handle = Sys.Scheduler.ScheduleTellOnceCancelable(TimeSpan.FromSeconds(1), recorder, "never", ActorRefs.NoSender);
        handle.Cancel();
        Assert.True(handle.IsCancellationRequested);
        Driver.Advance(TimeSpan.FromSeconds(5));
        Assert.False(HasMessages);
        Assert.Equal(0, Driver.PendingTimers);
    }
}
