using ActorFabric.Actors;
using ActorFabric.Fabric.Runtime.Messages;

namespace ActorFabric.Fabric.Runtime.Links;

/// <summary>
/// A cable between two device ports (or a host and a leaf port). Knows both ends, its state, latency and loss;
/// counts frames/bytes per direction; writes captures; delivers each frame to the far end after the latency.
/// Random loss uses a Random seeded from the run seed and the link index, so a run replays exactly.
/// BGP/TCP segments are exempt from random loss (TCP retransmission is not emulated) but are lost when the
/// link is down, like everything else.
/// </summary>
internal sealed class LinkActor : ReceiveActor
{
    private readonly IActorRef[] _ends = new IActorRef[2];
    private readonly int[] _ports = new int[2];
    private readonly Random _random;
    private readonly ConvergenceBoard _board;
    private readonly List<LinkCapture> _captures = [];
    private TimeSpan _latency;
    private double _loss;
    private bool _up;
    private readonly LinkGauges _gauges;
    private DeviceGauges?[] _endGauges;

    public LinkActor(LinkSetup setup)
    {
        _ends[0] = setup.A;
        _ends[1] = setup.B;
        _ports[0] = setup.APort;
        _ports[1] = setup.BPort;
        _latency = setup.Latency;
        _loss = setup.Loss;
        _up = setup.Up;
        _board = setup.Board;
        _gauges = setup.Gauges;
        _endGauges = [setup.AGauges, setup.BGauges];
        _random = new Random(unchecked(setup.Seed * 7919 + setup.Index * 104729 + 17));

        Receive<LinkTransmit>(OnTransmit);
        Receive<LinkSetState>(m => SetState(m.Up));
        Receive<LinkSetParameters>(m =>
        {
            if (m.Latency is { } l) _latency = l;
            if (m.Loss is { } p) _loss = p;
            Sender.Tell(Ack.Instance);
        });
        Receive<LinkAttachCapture>(m => { _captures.Add(m.Capture); Sender.Tell(Ack.Instance); });
        Receive<LinkDetachCapture>(m => { _captures.RemoveAll(c => c.Id == m.Id); Sender.Tell(Ack.Instance); });
        Receive<LinkReattach>(m =>
        {
            // Side B of a host link is the leaf end.
            if (_up) _ends[1].Tell(new PortStatus(_ports[1], false));
            _ends[1] = m.Device;
            _endGauges[1] = m.Gauges;
            _ports[1] = m.Port;
            if (_up) _ends[1].Tell(new PortStatus(_ports[1], true));
            Sender.Tell(Ack.Instance);
        });
        Receive<LinkStatsQuery>(_ => Sender.Tell(new LinkStats(_gauges.FramesAtoB, _gauges.BytesAtoB, _gauges.FramesBtoA, _gauges.BytesBtoA, _gauges.Dropped, _up)));
    }

    protected override void PreStart()
    {
        if (!_up) return;
        _ends[0].Tell(new PortStatus(_ports[0], true));
        _ends[1].Tell(new PortStatus(_ports[1], true));
    }

    private void SetState(bool up)
    {
        if (up != _up)
        {
            _up = up;
            _ends[0].Tell(new PortStatus(_ports[0], up));
            _ends[1].Tell(new PortStatus(_ports[1], up));
        }
        Sender.Tell(Ack.Instance);
    }

    private void OnTransmit(LinkTransmit m)
    {
        var frame = m.Frame;
        bool tcp = FrameClass.IsTcp(frame);
        if (!_up || (_loss > 0 && !tcp && _random.NextDouble() < _loss))
        {
            _gauges.Dropped++;
            if (tcp) _board.SegmentGone();
            return;
        }
        int from = m.Side, to = 1 - m.Side;
        if (from == 0) { _gauges.FramesAtoB++; _gauges.BytesAtoB += frame.Length; }
        else { _gauges.FramesBtoA++; _gauges.BytesBtoA += frame.Length; }
        if (_captures.Count > 0)
        {
            var now = Context.Now;
            foreach (var c in _captures) c.Write(now, frame);
        }
        if (_endGauges[to] is { } g) Interlocked.Increment(ref g.Inbound);
        Context.System.Scheduler.ScheduleTellOnce(_latency, _ends[to], new FrameIn(_ports[to], frame), Self);
    }
}

internal sealed record LinkSetup(int Index, IActorRef A, int APort, IActorRef B, int BPort, TimeSpan Latency, double Loss, bool Up, int Seed, ConvergenceBoard Board, LinkGauges Gauges, DeviceGauges? AGauges, DeviceGauges? BGauges);
