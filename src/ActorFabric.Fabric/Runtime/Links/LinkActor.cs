using Akka.Actor;
using ActorFabric.Fabric.Runtime.Messages;
using ActorFabric.Simulation;

namespace ActorFabric.Fabric.Runtime.Links;

/// <summary>
/// A cable between two device ports (or a host and a leaf port). Knows both ends, its state, latency and loss;
/// counts frames/bytes per direction; feeds captures; delivers each frame to the far end after the latency.
/// Random loss uses a Random seeded from the run seed and the link index, so a run replays exactly.
/// BGP/TCP segments are exempt from random loss (TCP retransmission is not emulated) but are lost when the
/// link is down, like everything else.
/// </summary>
internal sealed class LinkActor : UntypedActor
{
    // Fields rather than two-element arrays and handler delegates: a big fabric has one link per host
    // (~100,000), so every object per link counts.
    private IActorRef _endA, _endB;
    private int _portA, _portB;
    private readonly int _seed;
    private Random? _random;   // created at the first loss draw (same sequence as creating it up front)
    private readonly EmulatedClock _clock;
    private List<(string Id, IActorRef Writer)>? _captures;
    private TimeSpan _latency;
    private double _loss;
    private bool _up;
    private readonly LinkGauges _gauges;

    public LinkActor(LinkSetup setup)
    {
        _endA = setup.A;
        _endB = setup.B;
        _portA = setup.APort;
        _portB = setup.BPort;
        _latency = setup.Latency;
        _loss = setup.Loss;
        _up = setup.Up;
        _gauges = setup.Gauges;
        _seed = unchecked(setup.Seed * 7919 + setup.Index * 104729 + 17);
        _clock = EmulatedClock.Get(Context.System);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case LinkTransmit m:
                OnTransmit(m);
                break;
            case LinkSetState m:
                SetState(m.Up);
                break;
            case LinkSetParameters m:
                if (m.Latency is { } l) _latency = l;
                if (m.Loss is { } p) _loss = p;
                Sender.Tell(Ack.Instance);
                break;
            case LinkAttachCapture m:
                (_captures ??= []).Add((m.Id, m.Writer));
                Sender.Tell(Ack.Instance);
                break;
            case LinkDetachCapture m:
                _captures?.RemoveAll(c => c.Id == m.Id);
                Sender.Tell(Ack.Instance);
                break;
            case LinkReattach m:
                // Side B of a host link is the leaf end.
                if (_up) _endB.Tell(new PortStatus(_portB, false));
                _endB = m.Device;
                _portB = m.Port;
                if (_up) _endB.Tell(new PortStatus(_portB, true));
                Sender.Tell(Ack.Instance);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    protected override void PreStart()
    {
        if (!_up) return;
        _endA.Tell(new PortStatus(_portA, true));
        _endB.Tell(new PortStatus(_portB, true));
    }

    private void SetState(bool up)
    {
        if (up != _up)
        {
            _up = up;
            _endA.Tell(new PortStatus(_portA, up));
            _endB.Tell(new PortStatus(_portB, up));
        }
        Sender.Tell(Ack.Instance);
    }

    private void OnTransmit(LinkTransmit m)
    {
        var frame = m.Frame;
        if (!_up || (_loss > 0 && !FrameClass.IsTcp(frame) && (_random ??= new Random(_seed)).NextDouble() < _loss))
        {
            _gauges.Dropped++;
            return;
        }
        bool fromA = m.Side == 0;
        if (fromA) { _gauges.FramesAtoB++; _gauges.BytesAtoB += frame.Length; }
        else { _gauges.FramesBtoA++; _gauges.BytesBtoA += frame.Length; }
        if (_captures is { Count: > 0 })
        {
            var capture = new CaptureFrame(_clock.Now, frame);
            foreach (var c in _captures) c.Writer.Tell(capture);
        }
        Context.System.Scheduler.ScheduleTellOnce(_latency, fromA ? _endB : _endA, new FrameIn(fromA ? _portB : _portA, frame, m.TraceId), Self);
    }
}

internal sealed record LinkSetup(int Index, IActorRef A, int APort, IActorRef B, int BPort, TimeSpan Latency, double Loss, bool Up, int Seed, LinkGauges Gauges);
