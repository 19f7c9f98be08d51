using ActorFabric.Actors.TestKit;

namespace ActorFabric.Actors.Tests;

public class BehaviorAndStashTests
{
    /// <summary>Closed: stashes work. "open": handles the stash in order, then everything directly.</summary>
    private sealed class GateActor : ReceiveActor
    {
        public GateActor()
        {
            Receive<string>(s => s == "open", _ =>
            {
                Become(Open);
                Context.Stash.UnstashAll();
            });
            Receive<int>(_ => Context.Stash.Stash());
        }

        private void Open()
        {
            Receive<int>(n => Sender.Tell(n * 10, Self));
            Receive<string>(s => s == "close", _ => Context.Unbecome());
        }
    }

    [Fact]
    public void Stashed_messages_are_replayed_in_order_before_newer_ones_after_UnstashAll()
    {
        using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var gate = kit.ActorOf(Props.Create(() => new GateActor()));
        probe.Send(gate, 1);
        probe.Send(gate, 2);
        probe.Send(gate, 3);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Assert.Equal(0, kit.System.MessagesInFlight);
        probe.Send(gate, "open");
        probe.Send(gate, 4);
        Assert.Equal(new object[] { 10, 20, 30, 40 }, probe.ReceiveN(4));
        Assert.Same(gate, probe.LastSender);
    }

    [Fact]
    public void Unbecome_returns_to_the_initial_behaviour()
    {
        using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var gate = kit.ActorOf(Props.Create(() => new GateActor()));
        probe.Send(gate, "open");
        probe.Send(gate, 5);
        probe.ExpectMsg(50);
        probe.Send(gate, "close");
        probe.Send(gate, 6);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        probe.Send(gate, "open");
        probe.ExpectMsg(60);
    }

    private sealed class StackedActor : ReceiveActor
    {
        public StackedActor()
        {
            Receive<string>(s =>
            {
                if (s == "push") BecomeStacked(() => Receive<string>(t => t == "pop", _ => Context.Unbecome()));
                Sender.Tell("base:" + s, Self);
            });
        }
    }

    [Fact]
    public void Stacked_behaviours_pop_back_to_the_previous_one()
    {
        using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var actor = kit.ActorOf(Props.Create(() => new StackedActor()));
        probe.Send(actor, "push");
        probe.ExpectMsg("base:push");
        probe.Send(actor, "ignored-while-pushed");
        probe.Send(actor, "pop");
        probe.Send(actor, "after");
        probe.ExpectMsg("base:after");
    }

    [Fact]
    public void Stashed_messages_go_to_dead_letters_when_the_actor_stops()
    {
        using var kit = new ActorTestKit();
        var gate = kit.ActorOf(Props.Create(() => new GateActor()));
        gate.Tell(1);
        gate.Tell(2);
        kit.RunUntilIdle();
        kit.System.Stop(gate);
        kit.RunUntilIdle();
        Assert.Equal(2, kit.System.DeadLetters);
    }

    private sealed class PredicateActor : ReceiveActor
    {
        public PredicateActor()
        {
            Receive<int>(n =>
            {
                if (n < 0) return false;
                Sender.Tell("positive", Self);
                return true;
            });
            Receive<int>(_ => Sender.Tell("fallback", Self));
            ReceiveAny(m => Sender.Tell("any:" + m, Self));
        }
    }

    [Fact]
    public void A_predicate_handler_returning_false_passes_the_message_on()
    {
        using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var actor = kit.ActorOf(Props.Create(() => new PredicateActor()));
        probe.Send(actor, 1);
        probe.Send(actor, -1);
        probe.Send(actor, "x");
        Assert.Equal(new object[] { "positive", "fallback", "any:x" }, probe.ReceiveN(3));
    }
}

public class StashAcrossRestartTests
{
    /// <summary>Stashes ints; "fail" throws; after restart the fresh instance replies to every int it sees.</summary>
    private sealed class StashThenFailActor : ReceiveActor
    {
        private static int s_instances;

        public StashThenFailActor()
        {
            var first = Interlocked.Increment(ref s_instances) == 1;
            Receive<string>(s => s == "fail", _ => throw new InvalidOperationException("fail"));
            Receive<int>(n =>
            {
                if (first) Context.Stash.Stash();
                else Sender.Tell(n, Self);
            });
        }
    }

    [Fact]
    public void Stashed_messages_are_returned_to_the_mailbox_when_the_actor_restarts()
    {
        using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var actor = kit.ActorOf(Props.Create(() => new StashThenFailActor()));
        probe.Send(actor, 1);
        probe.Send(actor, 2);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        probe.Send(actor, "fail");
        probe.Send(actor, 3);
        Assert.Equal(new object[] { 1, 2, 3 }, probe.ReceiveN(3));
    }
}
