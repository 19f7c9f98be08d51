using System.Globalization;
using ActorFabric.Fabric.Runtime;
using Akka.Actor;

namespace ActorFabric.Simulation.Tests;

/// <summary>Same seed → same deliveries in the same order and the same DeliveryTrace digest; another seed → another digest.</summary>
public class DeterminismTests
{
    private sealed record Rumor(int Origin, int Hops) : IDigestible
    {
        public ulong DigestValue => ((ulong)(uint)Origin << 32) | (uint)Hops;
    }

    private sealed record GossipTick;

    /// <summary>Spreads rumours to random peers, half at once and half after a random link latency.</summary>
    private sealed class GossipActor : ReceiveActor, IWithTimers
    {
        private readonly IActorRef[] _peers;
        private readonly Random _random;

        public ITimerScheduler Timers { get; set; } = null!;

        public GossipActor(IActorRef[] peers, int index, Random random, List<string> log)
        {
            _peers = peers;
            _random = random;
            var clock = EmulatedClock.Get(Context.System);
            Receive<GossipTick>(_ => Spread(new Rumor(index, 0)));
            Receive<Rumor>(r =>
            {
                log.Add(string.Create(CultureInfo.InvariantCulture, $"{clock.Now.Ticks} {index} {r.Origin}/{r.Hops}"));
                if (r.Hops < 4) Spread(r with { Hops = r.Hops + 1 });
            });
        }

        protected override void PreStart() =>
            Timers.StartPeriodicTimer("gossip", new GossipTick(), TimeSpan.FromMilliseconds(50 + _random.Next(200)));

        private void Spread(Rumor rumor)
        {
            int fanout = 1 + _random.Next(2);
            for (int i = 0; i < fanout; i++)
            {
                var peer = _peers[_random.Next(_peers.Length)];
                if (_random.Next(2) == 0) peer.Tell(rumor, Self);
                else Context.System.Scheduler.ScheduleTellOnce(TimeSpan.FromMicroseconds(1 + _random.Next(5000)), peer, rumor, Self);
            }
        }
    }

    /// <summary>Creates the gossip nodes as its children (on the driver), all drawing from the run's one seeded Random.</summary>
    private sealed class GossipRoot : ReceiveActor
    {
        public GossipRoot(int nodes, int seed, List<string> log)
        {
            var random = new Random(seed);
            var peers = new IActorRef[nodes];
            var props = Context.Props;
            for (int i = 0; i < nodes; i++)
            {
                int index = i;
                peers[i] = Context.ActorOf(Props.Create(() => new GossipActor(peers, index, random, log)).WithDispatcher(props.Dispatcher).WithMailbox(props.Mailbox),
                    "node" + i.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    private sealed record Run(string Digest, long Deliveries, List<string> Log);

    private static Run Gossip(int seed)
    {
        var system = FabricActorSystem.Create("gossip", virtualTime: true, serializeMessages: false);
        try
        {
            var trace = DeliveryTrace.Get(system);
            trace.DigestOn = true;
            var driver = EmulatedClock.Get(system).Driver!;
            var log = new List<string>();
            var root = system.ActorOf(Props.Create(() => new GossipRoot(200, seed, log))
                .WithDispatcher(FabricActorSystem.Dispatcher).WithMailbox(FabricActorSystem.Mailbox), "gossip");
            Simulation.WaitStarted(root);
            driver.Advance(TimeSpan.FromSeconds(1));
            return new Run(trace.Digest, trace.Digested, log);
        }
        finally
        {
            Simulation.Terminate(system);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_deliveries_in_the_same_order_and_the_same_digest()
    {
        var first = Gossip(seed: 42);
        var second = Gossip(seed: 42);
        Assert.True(first.Log.Count > 10_000, $"workload too small: {first.Log.Count} rumours delivered");
        Assert.Equal(first.Deliveries, second.Deliveries);
        Assert.Equal(first.Log, second.Log);
        Assert.Equal(first.Digest, second.Digest);
    }

    [Fact]
    public void A_different_seed_gives_a_different_digest()
    {
        var first = Gossip(seed: 42);
        var other = Gossip(seed: 43);
        Assert.NotEqual(first.Digest, other.Digest);
        Assert.NotEqual(first.Log, other.Log);
    }
}
