using Akka.Actor;
using ActorFabric.Fabric.Runtime.Messages;
using ActorFabric.Simulation;

namespace ActorFabric.Fabric.Runtime.Links;

/// <summary>
/// What a cable between two ports does: knows both ends, its state, latency and loss; counts frames/bytes per
/// direction; feeds captures; delivers each frame to the far end after the latency. Random loss uses a Random seeded
/// from the run seed and the link index, so a run replays exactly. BGP/TCP segments are exempt from random loss (TCP
/// retransmission is not emulated) but are lost when the link is down, like everything else.
/// Run by a <see cref="LinkActor"/> for a fabric link, and by the host actor itself for a host's access link (one
/// actor per host instead of two: a big fabric has ~100,000 hosts). Side A of a host link is the host.
/// </summary>
internal sealed class Cable
{
    // Fields rather than two-element arrays: every object per link counts.
    private IActorRef _endA, _endB;
    private int _portA, _portB;
    private readonly int _seed;
    private Random? _random;   // created at the first loss draw (same sequence as creating it up front)
    private readonly IScheduler _scheduler;
    private readonly EmulatedClock _clock;
    private List<(string Id, IActorRef Writer)>? _captures;
    private TimeSpan _latency;
    private double _loss;
    private bool _up;
    // A stopped device's port has no power (device-stop): the far end loses carrier whatever _up says, and _up (the
    // link's own, chaos-controlled state) is kept for when the device starts again.
    private bool _offA, _offB;
    private readonly LinkGauges _gauges;

    public Cable(LinkSetup setup, ActorSystem system)
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
        _scheduler = system.Scheduler;
        _clock = EmulatedClock.Get(system);
        PublishSettings();
    }

    /// <summary>The state, latency and loss as /metrics shows them (this cable is their only writer).</summary>
    private void PublishSettings()
    {
        Volatile.Write(ref _gauges.Up, _up ? 1 : 0);
        Volatile.Write(ref _gauges.LatencyTicks, _latency.Ticks);
        Volatile.Write(ref _gauges.Loss, _loss);
    }

    /// <summary>The far end of side B (for a host link: the leaf and its port).</summary>
    public (IActorRef Device, int Port) EndB => (_endB, _portB);

    public bool IsUp => _up;

    /// <summary>The carrier side <paramref name="side"/> (0 = A) sees: the link is up and the far end's port is powered.</summary>
    private bool CarrierSeenBy(int side) => _up && !(side == 0 ? _offB : _offA);

    /// <summary>Tells both ends the carrier is up (when the cable starts up).</summary>
    public void Start(IActorRef self)
    {
        if (!_up) return;
        _endA.Tell(new PortStatus(_portA, true), self);
        _endB.Tell(new PortStatus(_portB, true), self);
    }

    /// <summary>Carries a frame sent by side <paramref name="side"/> (0 = A) to the other end, after the latency.</summary>
    public void Transmit(int side, byte[] frame, int traceId, IActorRef self)
    {
        if (!_up || _offA || _offB || (_loss > 0 && !FrameClass.IsTcp(frame) && (_random ??= new Random(_seed)).NextDouble() < _loss))
        {
            if (side == 0) _gauges.DroppedAtoB++; else _gauges.DroppedBtoA++;
            return;
        }
        bool fromA = side == 0;
        if (fromA) { _gauges.FramesAtoB++; _gauges.BytesAtoB += frame.Length; }
        else { _gauges.FramesBtoA++; _gauges.BytesBtoA += frame.Length; }
        if (_captures is { Count: > 0 })
        {
            var capture = new CaptureFrame(_clock.Now, frame);
            foreach (var c in _captures) c.Writer.Tell(capture, self);
        }
        _scheduler.ScheduleTellOnce(_latency, fromA ? _endB : _endA, new FrameIn(fromA ? _portB : _portA, frame, traceId), self);
    }

    private void Tell(int side, bool up, IActorRef self)
    {
        if (side == 0) _endA.Tell(new PortStatus(_portA, up), self);
        else _endB.Tell(new PortStatus(_portB, up), self);
    }

    /// <summary>Powers side <paramref name="side"/>'s port on or off; the far end hears of a change in the carrier it sees.</summary>
    private void SetPower(int side, bool on, IActorRef self)
    {
        bool before = CarrierSeenBy(1 - side);
        if (side == 0) _offA = !on; else _offB = !on;
        if (CarrierSeenBy(1 - side) != before) Tell(1 - side, !before, self);
    }

    /// <summary>Handles a frame to carry or a command for the cable (answering commands with <see cref="Ack"/>); false for any other message.</summary>
    public bool TryHandle(object message, IActorRef self, IActorRef sender)
    {
        switch (message)
        {
            case LinkTransmit m:
                Transmit(m.Side, m.Frame, m.TraceId, self);
                return true;
            case CarrierRefresh m:
                // A device that boots (a restart elsewhere after a hand-over) is powered, even if its previous
                // incarnation stopped with its ports off: the far end sees carrier again if the link is up.
                SetPower(m.Side, true, self);
                Tell(m.Side, CarrierSeenBy(m.Side), self);
                return true;
            case PortPower m:
                // Only the far end is told: the device whose port it is knows it stopped, and keeps the link's own
                // state (from LinkSetState) for its next start. link-up on this link while the port is off changes
                // _up but no carrier: a cable cannot revive a switch that has no power.
                SetPower(m.Side, m.On, self);
                return true;
            case LinkSetState m:
                if (m.Up != _up)
                {
                    bool a = CarrierSeenBy(0), b = CarrierSeenBy(1);
                    _up = m.Up;
                    // Each end hears of a change in the carrier it sees; a stopped device still records its own
                    // link's state for its next start, and a host facing a stopped leaf hears nothing.
                    if (CarrierSeenBy(0) != a) Tell(0, !a, self);
                    if (CarrierSeenBy(1) != b) Tell(1, !b, self);
                    PublishSettings();
                }
                break;
            case LinkSetParameters m:
                if (m.Latency is { } l) _latency = l;
                if (m.Loss is { } p) _loss = p;
                PublishSettings();
                break;
            case LinkAttachCapture m:
                (_captures ??= []).Add((m.Id, m.Writer));
                break;
            case LinkDetachCapture m:
                _captures?.RemoveAll(c => c.Id == m.Id);
                break;
            case LagMemberRole m:
                _endA.Tell(m with { Member = _portA }, self);
                return true;
            case LinkEndA m:
                if (m.Host.Equals(_endA) && m.Port == _portA) return true;
                _endA = m.Host;
                _portA = m.Port;
                Tell(0, CarrierSeenBy(0), self);
                return true;
            case LinkReattach m:
                // Side B of a host link is the leaf end. The port it moves to is taken as powered (a VM moved to a
                // stopped leaf gets carrier, and is relearnt at its periodic announcement after that leaf starts).
                if (_up) _endB.Tell(new PortStatus(_portB, false), self);
                bool hostSaw = CarrierSeenBy(0);
                _endB = m.Device;
                _portB = m.Port;
                _offB = false;
                if (_up) _endB.Tell(new PortStatus(_portB, true), self);
                if (CarrierSeenBy(0) != hostSaw) Tell(0, !hostSaw, self);
                break;
            default:
                return false;
        }
        sender.Tell(Ack.Instance, self);
        return true;
    }
}
