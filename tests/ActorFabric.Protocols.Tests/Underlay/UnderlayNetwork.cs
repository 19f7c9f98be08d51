using ActorFabric.Protocols.Underlay;
using ActorFabric.Wire.Underlay;

namespace ActorFabric.Protocols.Tests.Underlay;

/// <summary>
/// A discrete-event test network: link-state routers joined by point-to-point links with latency,
/// optional loss (seeded) and up/down. Time is virtual; nothing sleeps.
/// </summary>
internal sealed class UnderlayNetwork
{
    internal sealed class Link
    {
        public required int A;
        public required int InterfaceA;
        public required int B;
        public required int InterfaceB;
        public TimeSpan Latency;
        public double Loss;
        public bool Up = true;
    }

    private readonly record struct Delivery(int Router, int InterfaceId, byte[] Pdu);

    private readonly PriorityQueue<Delivery, (TimeSpan, long)> _inFlight = new();
    private readonly Random _random;
    private readonly Dictionary<(int Router, int InterfaceId), Link> _linkByEnd = new();
    private readonly List<int> _nextInterfaceId = new();
    private long _sequence;

    public UnderlayNetwork(int seed = 1) => _random = new Random(seed);

    public TimeSpan Now { get; private set; }
    public List<LinkStateRouter> Routers { get; } = new();
    public List<bool> Alive { get; } = new();
    public List<Link> Links { get; } = new();
    public List<(int Router, UnderlayEvent Event)> Events { get; } = new();
    public long Delivered { get; private set; }
    public Dictionary<LinkStatePduType, long> SentByType { get; } = new();

    /// <summary>Router ids: 10.0.0.0 + n for spines, 10.1.0.0 + n for leaves (n from 1); loopback = router id.</summary>
    public static uint SpineId(int i) => 0x0A000000u + (uint)(i + 1);
    public static uint LeafId(int i) => 0x0A010000u + (uint)(i + 1);

    public static LinkStateRouterOptions DefaultOptions(uint id) => new() { RouterId = id, Loopback = id };

    public int AddRouter(LinkStateRouterOptions options)
    {
        Routers.Add(new LinkStateRouter(options));
        Alive.Add(true);
        _nextInterfaceId.Add(1);
        return Routers.Count - 1;
    }

    public Link Connect(int a, int b, TimeSpan? latency = null, uint metric = 10)
    {
        var link = new Link
        {
            A = a,
            InterfaceA = _nextInterfaceId[a]++,
            B = b,
            InterfaceB = _nextInterfaceId[b]++,
            Latency = latency ?? TimeSpan.FromMilliseconds(1),
        };
        Links.Add(link);
        _linkByEnd[(a, link.InterfaceA)] = link;
        _linkByEnd[(b, link.InterfaceB)] = link;
        Routers[a].AddInterface(link.InterfaceA, metric);
        Routers[b].AddInterface(link.InterfaceB, metric);
        Routers[a].InterfaceUp(link.InterfaceA, Now);
        Routers[b].InterfaceUp(link.InterfaceB, Now);
        return link;
    }

    /// <summary>Builds a spine-leaf fabric: routers 0..spines-1 are spines, then the leaves.</summary>
    public static UnderlayNetwork SpineLeaf(int spines, int leaves, int seed = 1, Func<uint, LinkStateRouterOptions>? options = null)
    {
        options ??= DefaultOptions;
        var network = new UnderlayNetwork(seed);
        for (int s = 0; s < spines; s++) network.AddRouter(options(SpineId(s)));
        for (int l = 0; l < leaves; l++) network.AddRouter(options(LeafId(l)));
        for (int l = 0; l < leaves; l++)
        {
            for (int s = 0; s < spines; s++) network.Connect(spines + l, s);
        }
        return network;
    }

    public void StartAll()
    {
        for (int r = 0; r < Routers.Count; r++)
        {
            Routers[r].Start(Now);
            Drain(r);
        }
    }

    public Link LinkBetween(int a, int b)
    {
        foreach (var link in Links)
        {
            if ((link.A == a && link.B == b) || (link.A == b && link.B == a)) return link;
        }
        throw new InvalidOperationException($"no link {a}-{b}");
    }

    public int InterfaceTowards(int router, int neighbor)
    {
        var link = LinkBetween(router, neighbor);
        return link.A == router ? link.InterfaceA : link.InterfaceB;
    }

    /// <summary>Carrier loss: both ends are told at once, as a real link-down would.</summary>
    public void TakeDown(Link link)
    {
        link.Up = false;
        Input(link.A, r => r.InterfaceDown(link.InterfaceA, Now));
        Input(link.B, r => r.InterfaceDown(link.InterfaceB, Now));
    }

    public void BringUp(Link link)
    {
        link.Up = true;
        Input(link.A, r => r.InterfaceUp(link.InterfaceA, Now));
        Input(link.B, r => r.InterfaceUp(link.InterfaceB, Now));
    }

    /// <summary>The router stops dead: no more packets in or out, no timers, no goodbye.</summary>
    public void Kill(int router) => Alive[router] = false;

    /// <summary>Replaces a dead router with a fresh instance (empty database, sequence numbers from 1).</summary>
    public void Restart(int router, LinkStateRouterOptions options)
    {
        var fresh = new LinkStateRouter(options);
        foreach (var link in Links)
        {
            if (link.A == router) fresh.AddInterface(link.InterfaceA);
            if (link.B == router) fresh.AddInterface(link.InterfaceB);
        }
        foreach (var link in Links)
        {
            if (link.A == router && link.Up) fresh.InterfaceUp(link.InterfaceA, Now);
            if (link.B == router && link.Up) fresh.InterfaceUp(link.InterfaceB, Now);
        }
        Routers[router] = fresh;
        Alive[router] = true;
        fresh.Start(Now);
        Drain(router);
    }

    public void RunFor(TimeSpan duration) => RunUntil(Now + duration);

    public void RunUntil(TimeSpan end)
    {
        while (true)
        {
            TimeSpan? next = _inFlight.TryPeek(out _, out var head) ? head.Item1 : null;
            for (int r = 0; r < Routers.Count; r++)
            {
                if (!Alive[r]) continue;
                if (Routers[r].PollTimeout() is { } t && (next is null || t < next)) next = t;
            }
            if (next is null || next > end) break;
            Now = next.Value;
            while (_inFlight.TryPeek(out var delivery, out var key) && key.Item1 <= Now)
            {
                _inFlight.Dequeue();
                if (!Alive[delivery.Router]) continue;
                Delivered++;
                Input(delivery.Router, r => r.HandlePdu(delivery.InterfaceId, delivery.Pdu, Now));
            }
            for (int r = 0; r < Routers.Count; r++)
            {
                if (Alive[r] && Routers[r].PollTimeout() is { } t && t <= Now) Input(r, x => x.HandleTimeout(Now));
            }
        }
        Now = end;
    }

    private void Input(int router, Action<LinkStateRouter> action)
    {
        if (!Alive[router]) return;
        action(Routers[router]);
        Drain(router);
    }

    private void Drain(int router)
    {
        var machine = Routers[router];
        while (machine.TryPollEvent(out var e)) Events.Add((router, e));
        while (machine.TryPollTransmit(out var transmit))
        {
            LinkStatePduHeader.TryPeekType(transmit.Pdu.Span, out var type);
            SentByType[type] = SentByType.GetValueOrDefault(type) + 1;
            var link = _linkByEnd[(router, transmit.InterfaceId)];
            if (!link.Up) continue;
            if (link.Loss > 0 && _random.NextDouble() < link.Loss) continue;
            bool fromA = link.A == router && link.InterfaceA == transmit.InterfaceId;
            var delivery = fromA
                ? new Delivery(link.B, link.InterfaceB, transmit.Pdu.ToArray())
                : new Delivery(link.A, link.InterfaceA, transmit.Pdu.ToArray());
            _inFlight.Enqueue(delivery, (Now + link.Latency, _sequence++));
        }
    }

    public long Sent(LinkStatePduType type) => SentByType.GetValueOrDefault(type);
}
