using ActorFabric.Protocols.Bfd;
using ActorFabric.Wire.Bfd;

namespace ActorFabric.Protocols.Tests.Bfd;

/// <summary>Two BFD sessions across one emulated path with latency; packets travel as bytes. Virtual time.</summary>
internal sealed class BfdPair
{
    private readonly PriorityQueue<(int To, byte[] Bytes), (TimeSpan, long)> _inFlight = new();
    private long _sequence;

    public BfdPair(BfdSessionOptions? options = null, int seed = 42, TimeSpan? latency = null)
    {
        Sessions = [new BfdSession(0x1111, options, new Random(seed)), new BfdSession(0x2222, options, new Random(seed + 1))];
        Latency = latency ?? TimeSpan.FromMilliseconds(1);
    }

    public BfdSession[] Sessions { get; }
    public BfdSession A => Sessions[0];
    public BfdSession B => Sessions[1];
    public TimeSpan Latency { get; }
    public TimeSpan Now { get; private set; }

    /// <summary>While true, every packet in either direction is lost (the path is gone).</summary>
    public bool PathBroken { get; set; }

    public List<(int Session, BfdSessionEvent Event)> Events { get; } = new();
    public List<(int From, TimeSpan At, BfdControlPacket Packet)> Sent { get; } = new();

    public void Start()
    {
        A.Start(Now);
        B.Start(Now);
        Drain(0);
        Drain(1);
    }

    public void Do(int session, Action<BfdSession, TimeSpan> action)
    {
        action(Sessions[session], Now);
        Drain(session);
    }

    public void RunFor(TimeSpan duration)
    {
        var end = Now + duration;
        while (true)
        {
            TimeSpan? next = _inFlight.TryPeek(out _, out var head) ? head.Item1 : null;
            foreach (var s in Sessions)
            {
                if (s.PollTimeout() is { } t && (next is null || t < next)) next = t;
            }
            if (next is null || next > end) break;
            Now = next.Value;
            while (_inFlight.TryPeek(out var packet, out var key) && key.Item1 <= Now)
            {
                _inFlight.Dequeue();
                Assert.Equal(Wire.Bfd.BfdDecodeError.None, Sessions[packet.To].HandlePacket(packet.Bytes, Now));
                Drain(packet.To);
            }
            for (int i = 0; i < 2; i++)
            {
                if (Sessions[i].PollTimeout() is { } t && t <= Now)
                {
                    Sessions[i].HandleTimeout(Now);
                    Drain(i);
                }
            }
        }
        Now = end;
    }

    private void Drain(int from)
    {
        var session = Sessions[from];
        while (session.TryPollEvent(out var e)) Events.Add((from, e));
        while (session.TryPollTransmit(out var transmit))
        {
            Assert.Equal(Now, transmit.At);
            Sent.Add((from, transmit.At, transmit.Packet));
            if (PathBroken) continue;
            _inFlight.Enqueue((1 - from, transmit.Packet.ToArray()), (Now + Latency, _sequence++));
        }
    }
}
