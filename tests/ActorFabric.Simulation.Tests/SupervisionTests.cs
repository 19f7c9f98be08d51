using Akka.Actor;
using Xunit.Abstractions;

namespace ActorFabric.Simulation.Tests;

/// <summary>Akka supervision of actors on the simulation driver: crashes, restarts and stops happen in driver turns.</summary>
public class SupervisionTests(ITestOutputHelper output) : VirtualTimeTestKit(output)
{
    private TestKitProbes Setup(SupervisorStrategy strategy)
    {
        var lifecycle = CreateTestProbe("lifecycle");
        var childProps = Props.Create(() => new CountingActor(lifecycle.Ref));
        var supervisor = Spawn(Props.Create(() => new SupervisorActor(strategy, childProps, null)), "supervisor");
        Driver.RunUntilIdle();
        lifecycle.ExpectMsg("prestart", TimeSpan.Zero);
        return new TestKitProbes(lifecycle, supervisor);
    }

    private sealed record TestKitProbes(Akka.TestKit.TestProbe Lifecycle, IActorRef Supervisor);

    private (int Count, int Instance) State(IActorRef supervisor)
    {
        supervisor.Tell(new GetState(), TestActor);
        Driver.RunUntilIdle();
        return ExpectMsg<(int, int)>(TimeSpan.Zero);
    }

    private IActorRef Child(IActorRef supervisor)
    {
        supervisor.Tell("child", TestActor);
        Driver.RunUntilIdle();
        return ExpectMsg<IActorRef>(TimeSpan.Zero);
    }

    [Fact]
    public void A_crashed_actor_is_restarted_its_hooks_run_and_later_messages_are_handled()
    {
        var (lifecycle, supervisor) = Setup(new OneForOneStrategy(_ => Directive.Restart));
        supervisor.Tell(new Ping(1));
        var before = State(supervisor);
        Assert.Equal(1, before.Count);
        Driver.Advance(TimeSpan.FromSeconds(1));
        EventFilter.Exception<InvalidOperationException>("bad").ExpectOne(() =>
        {
            supervisor.Tell(new Boom("bad"));
            supervisor.Tell(new Ping(2));
            supervisor.Tell(new Ping(3));
            Driver.RunUntilIdle();
        });
        lifecycle.ExpectMsg("prerestart:bad:Boom", TimeSpan.Zero);
        lifecycle.ExpectMsg("poststop", TimeSpan.Zero);
        lifecycle.ExpectMsg("postrestart:bad", TimeSpan.Zero);
        lifecycle.ExpectMsg("prestart", TimeSpan.Zero);
        var after = State(supervisor);
        Assert.NotEqual(before.Instance, after.Instance);
        // The new instance starts from scratch and handles the messages sent after the crash.
        Assert.Equal(2, after.Count);
        // The crash and restart took no virtual time.
        Assert.Equal(TimeSpan.FromSeconds(1), VirtualNow);
    }

    [Fact]
    public void Resume_keeps_the_instance_and_its_state_and_drops_the_failed_message()
    {
        var (lifecycle, supervisor) = Setup(new OneForOneStrategy(_ => Directive.Resume));
        var before = State(supervisor);
        // Akka logs a resumed failure as a warning.
        supervisor.Tell(new Ping(1));
        supervisor.Tell(new Boom("x"));
        supervisor.Tell(new Ping(2));
        Driver.RunUntilIdle();
        var after = State(supervisor);
        Assert.Equal(before.Instance, after.Instance);
        Assert.Equal(2, after.Count);
        Assert.False(lifecycle.HasMessages);
    }

    [Fact]
    public void The_Stop_directive_stops_the_child_and_its_watcher_gets_Terminated()
    {
        var (lifecycle, supervisor) = Setup(new OneForOneStrategy(_ => Directive.Stop));
        var child = Child(supervisor);
        Watch(child);
        EventFilter.Exception<InvalidOperationException>("stop me").ExpectOne(() =>
        {
            child.Tell(new Boom("stop me"));
            Driver.RunUntilIdle();
        });
        lifecycle.ExpectMsg("poststop", TimeSpan.Zero);
        ExpectTerminated(child, TimeSpan.Zero);
    }

    [Fact]
    public void Escalate_fails_the_supervisor_which_its_own_parent_restarts_with_a_fresh_child()
    {
        var lifecycle = CreateTestProbe("lifecycle");
        var childProps = Props.Create(() => new CountingActor(lifecycle.Ref));
        var escalating = new OneForOneStrategy(_ => Directive.Escalate);
        var middleProps = Props.Create(() => new SupervisorActor(escalating, childProps, lifecycle.Ref));
        var top = Spawn(Props.Create(() => new SupervisorActor(new OneForOneStrategy(_ => Directive.Restart), middleProps, null)), "top");
        Driver.RunUntilIdle();
        Assert.Equal(new[] { "prestart", "supervisor-start" }, lifecycle.ReceiveN(2, TimeSpan.FromSeconds(1)).Cast<string>().Order());
        top.Tell(new Ping(1));
        EventFilter.Exception<InvalidOperationException>("deep").ExpectOne(() =>
        {
            top.Tell(new Boom("deep"));
            Driver.RunUntilIdle();
        });
        // The middle supervisor restarts: its default PreRestart stops the child, and PostRestart makes a new one.
        lifecycle.ExpectMsg("poststop", TimeSpan.Zero);
        Assert.Equal(new[] { "prestart", "supervisor-start" }, lifecycle.ReceiveN(2, TimeSpan.FromSeconds(1)).Cast<string>().Order());
        top.Tell(new GetState(), TestActor);
        Driver.RunUntilIdle();
        Assert.Equal(0, ExpectMsg<(int, int)>(TimeSpan.Zero).Item1);
    }

    [Fact]
    public void A_child_exceeding_its_restarts_is_stopped()
    {
        var (lifecycle, supervisor) = Setup(new OneForOneStrategy(maxNrOfRetries: 2, withinTimeRange: TimeSpan.FromMinutes(1), decider: Decider.From(_ => Directive.Restart)));
        var child = Child(supervisor);
        Watch(child);
        for (int i = 0; i < 2; i++)
        {
            EventFilter.Exception<InvalidOperationException>().ExpectOne(() =>
            {
                child.Tell(new Boom("r"));
                Driver.RunUntilIdle();
            });
            lifecycle.FishForMessage(m => m is "prestart", TimeSpan.FromSeconds(1));
            Assert.False(HasMessages);
        }
        EventFilter.Exception<InvalidOperationException>().ExpectOne(() =>
        {
            child.Tell(new Boom("third"));
            Driver.RunUntilIdle();
        });
        ExpectTerminated(child, TimeSpan.Zero);
    }

    private sealed class BrokenActor : ReceiveActor
    {
        public BrokenActor() => throw new InvalidOperationException("cannot start");
    }

    /// <summary>Creates a child from the props, watches it and tells the probe when it terminates.</summary>
    private sealed class WatchingParent : ReceiveActor
    {
        public WatchingParent(Props child, IActorRef probe)
        {
            Receive<Terminated>(t => probe.Tell("terminated:" + t.ActorRef.Path.Name, Self));
            Context.Watch(Context.ActorOf(child.WithDispatcher(Context.Props.Dispatcher), "broken"));
        }
    }

    [Fact]
    public void An_actor_whose_constructor_throws_is_stopped_by_the_default_strategy()
    {
        EventFilter.Exception<ActorInitializationException>().ExpectOne(() =>
            Spawn(Props.Create(() => new WatchingParent(Props.Create(() => new BrokenActor()), TestActor))));
        Driver.RunUntilIdle();
        ExpectMsg("terminated:broken", TimeSpan.Zero);
    }

    [Fact]
    public void A_device_style_crash_loop_under_virtual_time_keeps_the_clock_and_the_timers_of_other_actors()
    {
        // A crashing actor next to a timer-driven one: restarts happen in driver turns, the other actor's timer
        // still fires at its virtual time.
        var (lifecycle, supervisor) = Setup(new OneForOneStrategy(_ => Directive.Restart));
        var recorder = Spawn(Props.Create(() => new RecorderActor(TestActor)));
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(2), recorder, "on time", ActorRefs.NoSender);
        for (int i = 1; i <= 3; i++) Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(i), supervisor, new Boom("tick " + i), ActorRefs.NoSender);
        EventFilter.Exception<InvalidOperationException>().Expect(3, () => Driver.Advance(TimeSpan.FromSeconds(3)));
        Assert.Equal<(object, TimeSpan)>(("on time", TimeSpan.FromSeconds(2)), ExpectMsg<(object, TimeSpan)>(TimeSpan.Zero));
        Assert.Equal(3, lifecycle.ReceiveN(12, TimeSpan.FromSeconds(1)).Count(m => m is "prestart"));
        Assert.Equal(0, State(supervisor).Count);
    }
}
