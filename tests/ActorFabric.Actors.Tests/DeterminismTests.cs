using System.Globalization;
using System.Text;

namespace ActorFabric.Actors.Tests;

/// <summary>Same seed, same trace, bit for bit; a different seed, a different trace.</summary>
public class DeterminismTests
{
    private sealed record Rumor(int Origin, int Hops);
    private sealed record GossipTick;

    private sealed class GossipActor : ReceiveActor
    {
        private readonly IActorRef[] _peers;
        private int _heard;

        public GossipActor(IActorRef[] peers, int index)
        {
            _peers = peers;
            var random = Context.System.Random;
            // Staggered periodic timers: each actor starts a rumour now and then.
            Context.Timers.StartPeriodicTimer("gossip", new GossipTick(), TimeSpan.FromMilliseconds(50 + random.Next(200)));
            Receive<GossipTick>(_ => Spread(new Rumor(index, 0)));
            Receive<Rumor>(r =>
            {
                _heard++;
                if (r.Hops < 4) Spread(r with { Hops = r.Hops + 1 });
            });
        }

        private void Spread(Rumor rumor)
        {
            var random = Context.System.Random;
            var fanout = 1 + random.Next(2);
            for (var i = 0; i < fanout; i++)
            {
                var peer = _peers[random.Next(_peers.Length)];
                // Half the messages travel with a random link latency, half arrive at once.
                if (random.Next(2) == 0) peer.Tell(rumor, Self);
                else Context.System.Scheduler.ScheduleTellOnce(TimeSpan.FromMicroseconds(1 + random.Next(5000)), peer, rumor, Self);
            }
        }

        protected internal override void PostStop() => _ = _heard;
    }

    /// <summary>Runs the 1,000-actor gossip workload for one virtual second; returns the FNV-1a hash of the full trace and its length.</summary>
    private static (ulong Hash, long Deliveries) RunGossip(int seed)
    {
        const int actors = 1000;
        var system = ActorSystem.Create("gossip", new ActorSystemOptions { Clock = ClockMode.Virtual, Seed = seed });
        var hash = 14695981039346656037UL;
        long deliveries = 0;
        var line = new StringBuilder();
        system.Tracer = (now, sender, receiver, message) =>
        {
            line.Clear();
            line.Append(now.Ticks.ToString(CultureInfo.InvariantCulture)).Append('|')
                .Append(sender?.ToString() ?? "-").Append('|')
                .Append(receiver.ToString()).Append('|')
                .Append(message.ToString()).Append('\n');
            foreach (var ch in line.ToString())
            {
                hash = (hash ^ (byte)ch) * 1099511628211UL;
                hash = (hash ^ (byte)(ch >> 8)) * 1099511628211UL;
            }
            deliveries++;
        };
        var peers = new IActorRef[actors];
        for (var i = 0; i < actors; i++)
        {
            var index = i;
            peers[i] = system.ActorOf(Props.Create(() => new GossipActor(peers, index)), "node" + i.ToString(CultureInfo.InvariantCulture));
        }
        system.Virtual!.Advance(TimeSpan.FromSeconds(1));
        system.Terminate();
        return (hash, deliveries);
    }

    [Fact]
    public void The_same_seed_gives_the_same_trace_bit_for_bit()
    {
        var first = RunGossip(seed: 42);
        var second = RunGossip(seed: 42);
        Assert.True(first.Deliveries > 50_000, $"workload too small: {first.Deliveries} deliveries");
        Console.WriteLine($"gossip trace: {first.Deliveries} deliveries, hash {first.Hash:x16}");
        Assert.Equal(first.Deliveries, second.Deliveries);
        Assert.Equal(first.Hash, second.Hash);
    }

    [Fact]
    public void A_different_seed_gives_a_different_trace()
    {
        var first = RunGossip(seed: 42);
        var other = RunGossip(seed: 43);
        Assert.NotEqual(first.Hash, other.Hash);
    }
}
