using ActorFabric.Actors.TestKit;

namespace ActorFabric.Actors.Tests;

public class FairnessTests
{
    private sealed class BusyActor : ReceiveActor
    {
        public static long Handled;

        public BusyActor()
        {
            Handled = 0;
            // Keeps its own mailbox non-empty forever.
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
        using var kit = new ActorTestKit(new ActorSystemOptions { Clock = ClockMode.Virtual, Throughput = 50 });
        var probe = kit.CreateProbe();
        var busy = kit.ActorOf(Props.Create(() => new BusyActor()));
        var echo = kit.ActorOf(Props.Create(() => new EchoActor()));
        kit.Clock.RunUntil(() => BusyActor.Handled > 0, TimeSpan.Zero);
        busy.Tell("start");
        kit.Clock.RunUntil(() => BusyActor.Handled >= 10, TimeSpan.Zero);
        probe.Send(echo, new Ping(1));
        var busyBefore = BusyActor.Handled;
        probe.ExpectMsg<Pong>(TimeSpan.Zero);
        // The busy actor got at most one more turn of 50 before the echo and the probe ran.
        Assert.InRange(BusyActor.Handled - busyBefore, 0, 2 * 50);
        kit.System.Stop(busy);
    }
}
