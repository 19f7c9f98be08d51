using ActorFabric.Actors.Messages;
using ActorFabric.Actors.TestKit;

namespace ActorFabric.Actors.Tests;

public class DeathWatchTests
{
    private sealed class WatcherActor : ReceiveActor
    {
        public WatcherActor(IActorRef probe)
        {
            Receive<Forward>(f =>
            {
                if (f.Message is "watch") Context.Watch(f.To);
                else if (f.Message is "unwatch") Context.Unwatch(f.To);
            });
            Receive<Terminated>(t => probe.Tell("terminated:" + t.Actor.Path.Name, Self));
        }
    }

    [Fact]
    public void A_watcher_gets_Terminated_when_the_watched_actor_stops()
    {
        using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var target = kit.ActorOf(Props.Create(() => new EchoActor()), "target");
        var watcher = kit.ActorOf(Props.Create(() => new WatcherActor(probe.Ref)));
        watcher.Tell(new Forward(target, "watch"));
        kit.RunUntilIdle();
        target.Tell(PoisonPill.Instance);
        probe.ExpectMsg("terminated:target");
    }

    [Fact]
    public void Watching_an_already_stopped_actor_delivers_Terminated_at_once()
    {
        using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var target = kit.ActorOf(Props.Create(() => new EchoActor()), "gone");
        kit.System.Stop(target);
        kit.RunUntilIdle();
        var watcher = kit.ActorOf(Props.Create(() => new WatcherActor(probe.Ref)));
        watcher.Tell(new Forward(target, "watch"));
        probe.ExpectMsg("terminated:gone");
    }

    [Fact]
    public void After_Unwatch_no_Terminated_arrives()
    {
        using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var target = kit.ActorOf(Props.Create(() => new EchoActor()), "target");
        var watcher = kit.ActorOf(Props.Create(() => new WatcherActor(probe.Ref)));
        watcher.Tell(new Forward(target, "watch"));
        watcher.Tell(new Forward(target, "unwatch"));
        kit.RunUntilIdle();
        kit.System.Stop(target);
        probe.ExpectNoMsg(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Terminated_arrives_after_the_last_message_the_stopped_actor_sent()
    {
        using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var target = kit.ActorOf(Props.Create(() => new EchoActor()), "target");
        probe.Watch(target);
        for (var i = 0; i < 10; i++) probe.Send(target, new Ping(i));
        target.Tell(PoisonPill.Instance);
        for (var i = 0; i < 10; i++) probe.ExpectMsg<Pong>();
        probe.ExpectTerminated(target);
    }

    private sealed class TreeActor : ReceiveActor
    {
        public TreeActor(IActorRef probe, int depth)
        {
            if (depth > 0) Context.ActorOf(Props.Create(() => new TreeActor(probe, depth - 1)), "level" + (depth - 1));
            Receive<string>(_ => { });
            _probe = probe;
        }

        private readonly IActorRef _probe;

        protected internal override void PostStop() => _probe.Tell("stopped:" + Self.Path, Self);
    }

    [Fact]
    public void Stopping_a_parent_stops_its_children_first()
    {
        using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var root = kit.ActorOf(Props.Create(() => new TreeActor(probe.Ref, 2)), "root");
        kit.RunUntilIdle();
        kit.System.Stop(root);
        Assert.Equal(
            new object[] { "stopped:/user/root/level1/level0", "stopped:/user/root/level1", "stopped:/user/root" },
            probe.ReceiveN(3));
    }

    [Fact]
    public void Terminate_stops_every_actor_and_completes()
    {
        var system = ActorSystem.Create("t", new ActorSystemOptions { Clock = ClockMode.Virtual });
        var probe = new TestProbe(system);
        system.ActorOf(Props.Create(() => new TreeActor(probe.Ref, 1)), "a");
        system.ActorOf(Props.Create(() => new TreeActor(probe.Ref, 0)), "b");
        var done = system.Terminate();
        Assert.True(done.IsCompleted);
        Assert.Throws<InvalidOperationException>(() => system.ActorOf(Props.Create(() => new EchoActor())));
    }
}
