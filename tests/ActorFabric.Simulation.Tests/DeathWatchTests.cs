using Akka.Actor;
using Xunit.Abstractions;

namespace ActorFabric.Simulation.Tests;

/// <summary>Death watch between actors on the driver: Terminated arrives in driver turns, at the virtual time of the stop.</summary>
public class DeathWatchTests(ITestOutputHelper output) : VirtualTimeTestKit(output)
{
    private sealed record WatchIt(IActorRef Target);
    private sealed record UnwatchIt(IActorRef Target);

    private sealed class WatcherActor : ReceiveActor
    {
        public WatcherActor(IActorRef probe)
        {
            var clock = EmulatedClock.Get(Context.System);
            Receive<WatchIt>(w => Context.Watch(w.Target));
            Receive<UnwatchIt>(w => Context.Unwatch(w.Target));
            Receive<Terminated>(t => probe.Tell(("terminated:" + t.ActorRef.Path.Name, clock.Now), Self));
        }
    }

    [Fact]
    public void A_watcher_gets_Terminated_at_the_virtual_time_the_watched_actor_stopped()
    {
        var target = Spawn(Props.Create(() => new EchoActor()), "target");
        var watcher = Spawn(Props.Create(() => new WatcherActor(TestActor)));
        watcher.Tell(new WatchIt(target));
        Driver.RunUntilIdle();
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(7), target, PoisonPill.Instance, ActorRefs.NoSender);
        Driver.Advance(TimeSpan.FromSeconds(6));
        Assert.False(HasMessages);
        Driver.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(("terminated:target", TimeSpan.FromSeconds(7)), ExpectMsg<(string, TimeSpan)>(TimeSpan.Zero));
    }

    [Fact]
    public void A_TestKit_watch_sees_ExpectTerminated_once_the_driver_runs_the_stop()
    {
        var target = Spawn(Props.Create(() => new EchoActor()));
        Watch(target);
        target.Tell(PoisonPill.Instance);
        Assert.False(HasMessages);
        Driver.RunUntilIdle();
        ExpectTerminated(target, TimeSpan.Zero);
    }

    [Fact]
    public void Watching_an_already_stopped_actor_delivers_Terminated_at_once()
    {
        var target = Spawn(Props.Create(() => new EchoActor()), "gone");
        Watch(target);
        target.Tell(PoisonPill.Instance);
        Driver.RunUntilIdle();
        ExpectTerminated(target, TimeSpan.Zero);
        var watcher = Spawn(Props.Create(() => new WatcherActor(TestActor)));
        watcher.Tell(new WatchIt(target));
        Driver.RunUntilIdle();
        Assert.Equal("terminated:gone", ExpectMsg<(string, TimeSpan)>(TimeSpan.Zero).Item1);
    }

    [Fact]
    public void After_Unwatch_no_Terminated_arrives()
    {
        var target = Spawn(Props.Create(() => new EchoActor()), "target");
        var watcher = Spawn(Props.Create(() => new WatcherActor(TestActor)));
        watcher.Tell(new WatchIt(target));
        watcher.Tell(new UnwatchIt(target));
        Driver.RunUntilIdle();
        Watch(target);
        target.Tell(PoisonPill.Instance);
        Driver.RunUntilIdle();
        ExpectTerminated(target, TimeSpan.Zero);
        Driver.Advance(TimeSpan.FromSeconds(1));
        Assert.False(HasMessages);
    }

    [Fact]
    public void Terminated_arrives_after_the_last_message_the_stopped_actor_sent()
    {
        var target = Spawn(Props.Create(() => new EchoActor()), "target");
        Watch(target);
        for (int i = 0; i < 10; i++) target.Tell(new Ping(i), TestActor);
        target.Tell(PoisonPill.Instance);
        Driver.RunUntilIdle();
        for (int i = 0; i < 10; i++) ExpectMsg(new Pong(i), TimeSpan.Zero);
        ExpectTerminated(target, TimeSpan.Zero);
    }

    private sealed class TreeActor : ReceiveActor
    {
        private readonly IActorRef _probe;

        public TreeActor(IActorRef probe, int depth)
        {
            _probe = probe;
            if (depth > 0) Context.ActorOf(Props.Create(() => new TreeActor(probe, depth - 1)).WithDispatcher(Context.Props.Dispatcher), "level" + (depth - 1));
            Receive<string>(_ => { });
        }

        protected override void PostStop() => _probe.Tell("stopped:" + Self.Path.ToStringWithoutAddress(), Self);
    }

    [Fact]
    public void Stopping_a_parent_stops_its_children_first()
    {
        var root = Spawn(Props.Create(() => new TreeActor(TestActor, 2)), "root");
        Driver.RunUntilIdle();
        root.Tell(PoisonPill.Instance);
        Driver.RunUntilIdle();
        Assert.Equal(
            new object[] { "stopped:/user/root/level1/level0", "stopped:/user/root/level1", "stopped:/user/root" },
            ReceiveN(3, TimeSpan.FromSeconds(1)));
    }
}
