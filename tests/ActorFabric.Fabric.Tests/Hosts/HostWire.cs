using ActorFabric.Fabric.Hosts;
using ActorFabric.Protocols.Timing;

namespace ActorFabric.Fabric.Tests.Hosts;

/// <summary>Two hosts on one cable with a latency, in virtual time; a host may also be alone (frames go nowhere).</summary>
internal sealed class HostWire
{
    private readonly PriorityQueue<(EmulatedHost To, byte[] Frame), (TimeSpan, long)> _queue = new();
    private readonly EmulatedHost _a;
    private readonly EmulatedHost? _b;
    private long _sequence;

    public HostWire(EmulatedHost a, EmulatedHost? b, TimeSpan latency)
    {
        _a = a;
        _b = b;
        Latency = latency;
    }

    public TimeSpan Latency { get; }
    public TimeSpan Now { get; private set; }
    public List<(TimeSpan At, string From, byte[] Frame)> Sent { get; } = [];
    public List<HostEvent> EventsA { get; } = [];
    public List<HostEvent> EventsB { get; } = [];

    public void RunUntil(TimeSpan end)
    {
        Drain();
        while (true)
        {
            TimeSpan? next = _queue.TryPeek(out _, out var head) ? head.Item1 : null;
            next = Deadline.Earliest(next, _a.PollTimeout());
            if (_b is not null) next = Deadline.Earliest(next, _b.PollTimeout());
            if (next is null || next > end) break;
            Now = next.Value;
            while (_queue.TryPeek(out var d, out var key) && key.Item1 <= Now)
            {
                _queue.Dequeue();
                d.To.HandleFrame(d.Frame, Now);
            }
            if (_a.PollTimeout() is { } ta && ta <= Now) _a.HandleTimeout(Now);
            if (_b?.PollTimeout() is { } tb && tb <= Now) _b.HandleTimeout(Now);
            Drain();
        }
        Now = end;
    }

    public void RunFor(TimeSpan duration) => RunUntil(Now + duration);

    private void Drain()
    {
        Pump(_a, _b, EventsA);
        if (_b is not null) Pump(_b, _a, EventsB);
    }

    private void Pump(EmulatedHost from, EmulatedHost? to, List<HostEvent> events)
    {
        while (from.TryPollTransmit(out var frame))
        {
            Sent.Add((Now, from.Name, frame));
            if (to is not null) _queue.Enqueue((to, frame), (Now + Latency, _sequence++));
        }
        while (from.TryPollEvent(out var e)) events.Add(e);
    }

}
