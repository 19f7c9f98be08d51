using ActorFabric.Actors.TestKit;

namespace ActorFabric.Actors.Tests;

public class RealTimeTests
{
    private sealed record Done(long Count);

    private sealed class Counter : ReceiveActor
    {
        private long _count;

        public Counter(long expected, IActorRef report)
        {
            Receive<int>(_ =>
            {
                if (++_count == expected) report.Tell(new Done(_count), Self);
            });
        }
    }

    private sealed class Sender : ReceiveActor
    {
        public Sender(IActorRef target, int total)
        {
            var sent = 0;
            Receive<string>(_ =>
            {
                // Send in slices and yield between them, as the benchmark does.
                for (var i = 0; i < 1000 && sent < total; i++, sent++) target.Tell(sent, Self);
                if (sent < total) Self.Tell("more", Self);
            });
        }
    }

    [Fact]
    public void Every_message_from_many_concurrent_senders_is_delivered_exactly_once()
    {
        using var kit = new ActorTestKit(clock: ClockMode.Real);
        var probe = kit.CreateProbe();
        const int pairs = 8, perPair = 50_000;
        for (var p = 0; p < pairs; p++)
        {
            var counter = kit.ActorOf(Props.Create(() => new Counter(perPair, probe.Ref)));
            kit.ActorOf(Props.Create(() => new Sender(counter, perPair))).Tell("go");
        }
        for (var p = 0; p < pairs; p++)
            Assert.Equal(perPair, probe.ExpectMsg<Done>(TimeSpan.FromSeconds(30)).Count);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (kit.System.MessagesInFlight != 0 && DateTime.UtcNow < deadline) Thread.Yield();
        Assert.Equal(0, kit.System.MessagesInFlight);
        Assert.True(kit.System.MessagesProcessed >= pairs * perPair);
    }

    [Fact]
    public void Many_external_threads_telling_one_actor_lose_nothing()
    {
        using var kit = new ActorTestKit(clock: ClockMode.Real);
        var probe = kit.CreateProbe();
        const int threads = 4, each = 25_000;
        var counter = kit.ActorOf(Props.Create(() => new Counter(threads * each, probe.Ref)));
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            for (var i = 0; i < each; i++) counter.Tell(i);
        })).ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());
        Assert.Equal(threads * each, probe.ExpectMsg<Done>(TimeSpan.FromSeconds(30)).Count);
    }
}
