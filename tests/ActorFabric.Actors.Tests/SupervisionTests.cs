using ActorFabric.Actors.Messages;
using ActorFabric.Actors.Supervision;
using ActorFabric.Actors.TestKit;

namespace ActorFabric.Actors.Tests;

public class SupervisionTests
{
    private static (ActorTestKit Kit, TestProbe Lifecycle, TestProbe Probe, IActorRef Supervisor) Setup(SupervisorStrategy strategy)
    {
        var kit = new ActorTestKit();
        var lifecycle = kit.CreateProbe("lifecycle");
        var probe = kit.CreateProbe("probe");
        var childProps = Props.Create(() => new CountingActor(lifecycle.Ref));
        var supervisor = kit.ActorOf(Props.Create(() => new SupervisorActor(strategy, childProps, null)), "supervisor");
        lifecycle.ExpectMsg("prestart");
        return (kit, lifecycle, probe, supervisor);
    }

    private static (int Count, int Instance) State(TestProbe probe, IActorRef supervisor)
    {
        probe.Send(supervisor, new GetState());
        return probe.ExpectMsg<(int, int)>();
    }

    [Fact]
    public void Resume_keeps_the_instance_and_its_state_and_drops_the_failed_message()
    {
        var (kit, lifecycle, probe, supervisor) = Setup(new OneForOneStrategy(_ => Directive.Resume));
        using var _ = kit;
        var before = State(probe, supervisor);
        supervisor.Tell(new Ping(1));
        supervisor.Tell(new Boom("x"));
        supervisor.Tell(new Ping(2));
        var after = State(probe, supervisor);
        Assert.Equal(before.Instance, after.Instance);
        Assert.Equal(2, after.Count);
        lifecycle.ExpectNoMsg(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Restart_creates_a_fresh_instance_and_calls_PreRestart_and_PostRestart()
    {
        var (kit, lifecycle, probe, supervisor) = Setup(new OneForOneStrategy(_ => Directive.Restart));
        using var _ = kit;
        supervisor.Tell(new Ping(1));
        var before = State(probe, supervisor);
        Assert.Equal(1, before.Count);
        supervisor.Tell(new Boom("bad"));
        lifecycle.ExpectMsg("prerestart:bad:Boom");
        lifecycle.ExpectMsg("poststop");
        lifecycle.ExpectMsg("postrestart:bad");
        lifecycle.ExpectMsg("prestart");
        var after = State(probe, supervisor);
        Assert.NotEqual(before.Instance, after.Instance);
        Assert.Equal(0, after.Count);
    }

    [Fact]
    public void Messages_sent_while_a_restart_is_pending_are_kept_for_the_new_instance()
    {
        var strategy = new OneForOneStrategy(maxRestarts: 5, decider: _ => Directive.Restart, minBackoff: TimeSpan.FromSeconds(1));
        var (kit, _, probe, supervisor) = Setup(strategy);
        using var __ = kit;
        supervisor.Tell(new Boom("x"));
        supervisor.Tell(new Ping(1));
        supervisor.Tell(new Ping(2));
        Assert.Equal(2, State(probe, supervisor).Count);
    }

    [Fact]
    public void Stop_directive_stops_the_child_and_later_messages_are_dead_letters()
    {
        var (kit, lifecycle, probe, supervisor) = Setup(new OneForOneStrategy(_ => Directive.Stop));
        using var _ = kit;
        probe.Send(supervisor, "child");
        var child = probe.ExpectMsg<IActorRef>();
        probe.Watch(child);
        child.Tell(new Boom("stop me"));
        lifecycle.ExpectMsg("poststop");
        probe.ExpectTerminated(child);
        child.Tell(new Ping(1));
        kit.RunUntilIdle();
        Assert.Equal(1, kit.System.DeadLetters);
    }

    [Fact]
    public void Escalate_fails_the_supervisor_which_its_own_parent_restarts()
    {
        using var kit = new ActorTestKit();
        var lifecycle = kit.CreateProbe("lifecycle");
        var probe = kit.CreateProbe();
        var childProps = Props.Create(() => new CountingActor(lifecycle.Ref));
        var escalating = new OneForOneStrategy(_ => Directive.Escalate);
        var middleProps = Props.Create(() => new SupervisorActor(escalating, childProps, lifecycle.Ref));
        var top = kit.ActorOf(Props.Create(() => new SupervisorActor(new OneForOneStrategy(_ => Directive.Restart), middleProps, null)), "top");
        Assert.Equal(new[] { "prestart", "supervisor-start" }, probe.Within(TimeSpan.FromSeconds(1), () => lifecycle.ReceiveN(2)).Cast<string>().Order());
        top.Tell(new Boom("deep"));
        // The middle supervisor restarts: its default PreRestart stops the child, and PostRestart makes a new one.
        lifecycle.ExpectMsg("poststop");
        var events = new List<string> { lifecycle.ExpectMsg<string>(), lifecycle.ExpectMsg<string>() };
        Assert.Contains("prestart", events);
        Assert.Contains("supervisor-start", events);
        probe.Send(top, new GetState());
        Assert.Equal(0, probe.ExpectMsg<(int, int)>().Item1);
    }

    [Fact]
    public void Restarts_back_off_exponentially_between_min_and_max()
    {
        var strategy = new OneForOneStrategy(maxRestarts: 10, within: TimeSpan.FromHours(1), decider: _ => Directive.Restart,
            minBackoff: TimeSpan.FromMilliseconds(100), maxBackoff: TimeSpan.FromMilliseconds(350));
        var (kit, lifecycle, _, supervisor) = Setup(strategy);
        using var __ = kit;
        var restartTimes = new List<TimeSpan>();
        for (var i = 0; i < 4; i++)
        {
            var failedAt = kit.System.Now;
            supervisor.Tell(new Boom("again"));
            // With back-off, the old instance is kept (suspended) until the restart actually happens.
            lifecycle.ExpectMsg<string>(s => s.StartsWith("prerestart", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
            restartTimes.Add(kit.System.Now - failedAt);
            lifecycle.ExpectMsg("poststop", TimeSpan.Zero);
            lifecycle.ExpectMsg<string>(s => s.StartsWith("postrestart", StringComparison.Ordinal), TimeSpan.Zero);
            lifecycle.ExpectMsg("prestart", TimeSpan.Zero);
        }
        Assert.Equal(
            new[] { TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(350), TimeSpan.FromMilliseconds(350) },
            restartTimes);
    }

    [Fact]
    public void Backoff_computation_doubles_and_caps()
    {
        var strategy = new OneForOneStrategy(minBackoff: TimeSpan.FromSeconds(1), maxBackoff: TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(1), strategy.BackoffFor(1));
        Assert.Equal(TimeSpan.FromSeconds(2), strategy.BackoffFor(2));
        Assert.Equal(TimeSpan.FromSeconds(4), strategy.BackoffFor(3));
        Assert.Equal(TimeSpan.FromSeconds(5), strategy.BackoffFor(4));
        Assert.Equal(TimeSpan.Zero, new OneForOneStrategy().BackoffFor(3));
    }

    [Fact]
    public void A_child_exceeding_max_restarts_within_the_window_is_stopped()
    {
        var strategy = new OneForOneStrategy(maxRestarts: 2, within: TimeSpan.FromMinutes(1), decider: _ => Directive.Restart);
        var (kit, lifecycle, probe, supervisor) = Setup(strategy);
        using var _ = kit;
        probe.Send(supervisor, "child");
        var child = probe.ExpectMsg<IActorRef>();
        probe.Watch(child);
        for (var i = 0; i < 2; i++)
        {
            child.Tell(new Boom("r"));
            lifecycle.FishForMessage(m => m is "prestart");
        }
        child.Tell(new Boom("third"));
        probe.ExpectTerminated(child);
    }

    [Fact]
    public void Restart_count_resets_once_the_window_has_passed()
    {
        var strategy = new OneForOneStrategy(maxRestarts: 1, within: TimeSpan.FromSeconds(10), decider: _ => Directive.Restart);
        var (kit, lifecycle, probe, supervisor) = Setup(strategy);
        using var _ = kit;
        probe.Send(supervisor, "child");
        var child = probe.ExpectMsg<IActorRef>();
        probe.Watch(child);
        child.Tell(new Boom("1"));
        lifecycle.FishForMessage(m => m is "prestart");
        kit.Advance(TimeSpan.FromSeconds(11));
        child.Tell(new Boom("2"));
        lifecycle.FishForMessage(m => m is "prestart");
        probe.ExpectNoMsg(TimeSpan.FromSeconds(1));
        Assert.False(((IInternalActorRef)child).IsTerminated);
    }

    [Fact]
    public void Constructor_failure_stops_the_actor_by_default()
    {
        using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var broken = kit.ActorOf(Props.Create<BrokenActor>(() => new BrokenActor()), "broken");
        probe.Watch(broken);
        probe.ExpectTerminated(broken);
    }

    [Fact]
    public async Task An_exception_under_real_time_never_takes_the_process_down()
    {
        await using var system = ActorSystem.Create("real");
        var lifecycle = new TestProbe(system);
        var flaky = system.ActorOf(Props.Create(() => new CountingActor(lifecycle.Ref)), "flaky");
        lifecycle.ExpectMsg("prestart");
        for (var i = 0; i < 5; i++) flaky.Tell(new Boom("real"));
        for (var i = 0; i < 5; i++) lifecycle.FishForMessage(m => m is string s && s.StartsWith("postrestart", StringComparison.Ordinal));
        var reply = await flaky.Ask<(int, int)>(new GetState(), TimeSpan.FromSeconds(10));
        Assert.Equal(0, reply.Item1);
    }

    private sealed class BrokenActor : ReceiveActor
    {
        public BrokenActor() => throw new InvalidOperationException("cannot start");
    }
}
