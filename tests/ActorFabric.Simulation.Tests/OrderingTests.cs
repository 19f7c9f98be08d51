using Akka.Actor;
using Xunit.Abstractions;

namespace ActorFabric.Simulation.Tests;

/// <summary>The order the simulation dispatcher and the virtual-time scheduler run things in.</summary>
public class OrderingTests(ITestOutputHelper output) : VirtualTimeTestKit(output)
{
    private object[] Messages(int n) => ReceiveN(n, TimeSpan.FromSeconds(1)).Select(m => (((object, TimeSpan))m).Item1).ToArray();

    [Fact]
    public void Tells_to_one_actor_at_one_instant_are_handled_in_the_order_they_were_sent()
    {
        var recorder = Spawn(Props.Create(() => new RecorderActor(TestActor)));
        var echo = Spawn(Props.Create(() => new EchoActor()));
        for (int i = 0; i < 250; i++)
        {
            recorder.Tell(i);
            // Interleave tells that another actor on the driver sends to the same receiver in its own turns.
            echo.Tell(new Forward(recorder, -i - 1));
        }
        Driver.RunUntilIdle();
        var got = Messages(500).Cast<int>().ToArray();
        Assert.Equal(Enumerable.Range(0, 250), got.Where(i => i >= 0));
        Assert.Equal(Enumerable.Range(0, 250).Select(i => -i - 1), got.Where(i => i < 0));
        Assert.Equal(TimeSpan.Zero, VirtualNow);
    }

    private sealed class NameReporter : ReceiveActor
    {
        public NameReporter(IActorRef probe) => ReceiveAny(_ => probe.Tell(Self.Path.Name, Self));
    }

    [Fact]
    public void Mailboxes_get_their_turns_in_the_order_they_became_ready()
    {
        var a = Spawn(Props.Create(() => new NameReporter(TestActor)), "a");
        var b = Spawn(Props.Create(() => new NameReporter(TestActor)), "b");
        var c = Spawn(Props.Create(() => new NameReporter(TestActor)), "c");
        c.Tell("go");
        a.Tell("go");
        b.Tell("go");
        Driver.RunUntilIdle();
        Assert.Equal(new[] { "c", "a", "b" }, ReceiveN(3, TimeSpan.FromSeconds(1)).Cast<string>());
    }

    [Fact]
    public void Scheduled_tells_arrive_in_due_order_and_in_scheduling_order_for_equal_due_times()
    {
        var recorder = Spawn(Props.Create(() => new RecorderActor(TestActor)));
        var scheduler = Sys.Scheduler;
        scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(3), recorder, "c", ActorRefs.NoSender);
        scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(1), recorder, "a1", ActorRefs.NoSender);
        scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(2), recorder, "b", ActorRefs.NoSender);
        scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(1), recorder, "a2", ActorRefs.NoSender);
        scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(1), recorder, "a3", ActorRefs.NoSender);
        Driver.Advance(TimeSpan.FromSeconds(5));
        var got = ReceiveN(5, TimeSpan.FromSeconds(1)).Cast<(object, TimeSpan)>().ToArray();
        Assert.Equal(new[] { "a1", "a2", "a3", "b", "c" }, got.Select(g => (string)g.Item1));
        Assert.Equal(new[] { 1, 1, 1, 2, 3 }, got.Select(g => (int)g.Item2.TotalSeconds));
    }

    [Fact]
    public void Idle_time_is_skipped_straight_to_the_next_timer()
    {
        var recorder = Spawn(Props.Create(() => new RecorderActor(TestActor)));
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromDays(365), recorder, "a year later", ActorRefs.NoSender);
        Assert.True(Driver.RunUntil(() => HasMessages, TimeSpan.MaxValue));
        Assert.Equal<(object, TimeSpan)>(("a year later", TimeSpan.FromDays(365)), ExpectMsg<(object, TimeSpan)>(TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromDays(365), VirtualNow);
    }

    [Fact]
    public void Nothing_runs_between_driver_calls()
    {
        var echo = Spawn(Props.Create(() => new EchoActor()));
        echo.Tell(new Ping(1), TestActor);
        Assert.True(Driver.Ready > 0);
        Assert.False(HasMessages);
        Driver.RunUntilIdle();
        Assert.Equal(0, Driver.Ready);
        ExpectMsg(new Pong(1), TimeSpan.Zero);
    }

    private sealed class BusyActor : ReceiveActor
    {
        public static long Handled;

        public BusyActor()
        {
            Handled = 0;
            // Keeps its own mailbox non-empty for ever.
            Receive<string>(_ =>
            {
                Handled++;
                Self.Tell("again", Self);
            });
        }
    }

    [Fact]
    public void An_actor_that_keeps_itself_busy_yields_after_its_throughput_so_others_run()
    {
        // config/akka.conf: fabric-dispatcher throughput = 100.
        const int throughput = 100;
        var busy = Spawn(Props.Create(() => new BusyActor()));
        var echo = Spawn(Props.Create(() => new EchoActor()));
        busy.Tell("start");
        Assert.True(Driver.RunUntil(() => BusyActor.Handled >= 10 * throughput, TimeSpan.Zero));
        echo.Tell(new Ping(1), TestActor);
        long before = BusyActor.Handled;
        Assert.True(Driver.RunUntil(() => HasMessages, TimeSpan.Zero), "the echo never got a turn next to the busy actor");
        ExpectMsg(new Pong(1), TimeSpan.Zero);
        // The busy actor got at most the rest of its turn and one more before the echo's turn came.
        Assert.InRange(BusyActor.Handled - before, 0, 2 * throughput);
        Sys.Stop(busy);
    }
}
