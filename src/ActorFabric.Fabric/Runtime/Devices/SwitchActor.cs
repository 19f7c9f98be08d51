using ActorFabric.Actors;
using ActorFabric.Fabric.DataPlane;
using ActorFabric.Fabric.Runtime.Links;
using ActorFabric.Fabric.Runtime.Messages;
using ActorFabric.Fabric.Topology;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Evpn;
using ActorFabric.Protocols.Underlay;
using ActorFabric.Wire.Packets;
using TopologyMacVrf = ActorFabric.Fabric.Topology.MacVrf;
using EvpnMacVrf = ActorFabric.Protocols.Evpn.MacVrf;

namespace ActorFabric.Fabric.Runtime.Devices;

/// <summary>
/// One switch or route reflector. Owns its protocol machines (underlay link-state router, BGP speaker with its
/// emulated TCP connections, BFD sessions, MAC-VRFs) and its <see cref="SwitchDataPlane"/>; feeds every machine's
/// PollTimeout into ONE actor timer re-armed to the earliest deadline. After each message it drains every
/// machine's outputs until all are quiet (<see cref="Pump"/>).
/// </summary>
internal sealed partial class SwitchActor : ReceiveActor, IFrameSink
{
    private const string TimerKey = "tick";

    private readonly SwitchSetup _setup;
    private readonly FabricNode _node;
    private readonly FabricTopology _topology;
    private readonly ConvergenceBoard _board;
    private readonly HashSet<int> _carrierUp = [];
    private readonly Queue<(int Port, ControlPlaneProtocol Protocol, byte[] Frame)> _punted = new();
    private bool _booted;
    private bool _stopped;
    private bool _sentOrPunted;
    private TimeSpan? _armedFor;
    private long _bumBase;

    private LinkStateRouter? _igp;
    private SwitchDataPlane? _dataPlane;
    private readonly List<EvpnMacVrf> _vrfs = [];
    private readonly Dictionary<int, ushort> _accessPorts = [];

    public SwitchActor(SwitchSetup setup)
    {
        _setup = setup;
        _topology = setup.Topology;
        _node = _topology.Nodes[setup.NodeIndex];
        _board = setup.Board;

        Receive<Boot>(_ => OnBoot());
        Receive<FrameIn>(OnFrame);
        Receive<PortStatus>(OnPortStatus);
        Receive<DeviceTick>(_ => OnTick());
        Receive<DeviceQuery>(q => Sender.Tell(new DeviceAnswer(Answer(q))));
        Receive<DeviceStop>(_ => { StopMachines(); Sender.Tell(Ack.Instance); });
        Receive<DeviceStart>(_ => { if (_stopped) { _stopped = false; StartMachines(); } Sender.Tell(Ack.Instance); });
        Receive<AttachAccessPort>(m => { OnAttachAccessPort(m); Sender.Tell(Ack.Instance); });
        Receive<DetachAccessLink>(m => { _setup.Links.Remove(m.Port); Sender.Tell(Ack.Instance); });
    }

    private TimeSpan Now => Context.Now;

    protected override void PostRestart(Exception reason) => Self.Tell(Boot.Instance);

    private void OnBoot()
    {
        if (_booted) return;
        _booted = true;
        foreach (var (port, vlan) in _setup.AccessPorts) _accessPorts.TryAdd(port, vlan);
        StartMachines();
    }

    // ------------------------------------------------------------------ lifecycle

    private void StartMachines()
    {
        var now = Now;
        var fabricPorts = new List<FabricPort>();
        foreach (var (port, neighbor) in _setup.FabricNeighbors)
            fabricPorts.Add(new FabricPort(new PortId(port), _topology.Nodes[neighbor].RouterId, FabricAddressing.DeviceMac(neighbor)));
        fabricPorts.Sort((a, b) => a.Port.Value.CompareTo(b.Port.Value));

        _vrfs.Clear();
        if (_node.IsVtep) BuildMacVrfs();
        var access = new List<AccessPort>();
        foreach (var (port, vlan) in _accessPorts) access.Add(new AccessPort(new PortId(port), vlan));
        access.Sort((a, b) => a.Port.Value.CompareTo(b.Port.Value));

        _dataPlane = new SwitchDataPlane(new SwitchDataPlaneOptions
        {
            Name = _node.Name,
            RouterId = _node.RouterId,
            Loopback = _node.Loopback,
            Vtep = _node.IsVtep ? _node.Vtep : 0,
            FabricMac = FabricAddressing.DeviceMac(_node.Index),
            FabricPorts = fabricPorts,
            AccessPorts = access,
            MacVrfs = _vrfs,
        }) { Tracer = _setup.Tracer };

        _igp = new LinkStateRouter(new LinkStateRouterOptions { RouterId = _node.RouterId, Loopback = _node.Loopback });
        foreach (var p in fabricPorts) _igp.AddInterface(p.Port.Value);
        _igp.Start(now);
        foreach (var p in fabricPorts)
            if (_carrierUp.Contains(p.Port.Value)) _igp.InterfaceUp(p.Port.Value, now);

        StartBgp(now);
        foreach (var vrf in _vrfs) vrf.Start(now);
        Pump();
    }

    private void BuildMacVrfs()
    {
        var settings = _topology.Settings;
        foreach (var vrf in _topology.MacVrfs)
        {
            var domains = new List<BridgeDomainOptions>();
            foreach (var d in vrf.BroadcastDomains)
            {
                if (!Contains(_node.BroadcastDomains, d)) continue;
                var bd = _topology.BroadcastDomains[d];
                domains.Add(new BridgeDomainOptions(bd.Vlan, bd.Vni));
            }
            if (domains.Count == 0) continue;
            _vrfs.Add(new EvpnMacVrf(new MacVrfOptions
            {
                RouteDistinguisher = vrf.RouteDistinguisherFor(_node),
                LocalVtep = FabricAddressing.ToIp(_node.Vtep),
                ImportRouteTargets = ToCommunities(vrf.ImportTargets),
                ExportRouteTargets = ToCommunities(vrf.ExportTargets),
                BridgeDomains = domains,
                ServiceType = vrf.ServiceType == ServiceType.VlanAwareBundle ? EvpnServiceType.VlanAwareBundle : EvpnServiceType.VlanBased,
                MacAgingTime = settings.MacAging,
                Mobility = new MacMobilityOptions
                {
                    DuplicateMoveThreshold = settings.DuplicateMacMoves,
                    DuplicateDetectionWindow = settings.DuplicateMacWindow,
                },
            }));
        }
        _floodComplete = new bool[CountDomains()];
        IndexImportTargets();
    }

    private static bool Contains(IReadOnlyList<int> sorted, int value)
    {
        for (int i = 0; i < sorted.Count; i++) if (sorted[i] == value) return true;
        return false;
    }

    private static List<Wire.Bgp.ExtendedCommunity> ToCommunities(IReadOnlyList<RouteTarget> targets)
    {
        var list = new List<Wire.Bgp.ExtendedCommunity>(targets.Count);
        foreach (var t in targets) list.Add(new Wire.Bgp.ExtendedCommunity(t.Value));
        return list;
    }

    /// <summary>device-stop: all protocol state is lost; the fabric sees the device go silent (links stay up).</summary>
    private void StopMachines()
    {
        if (_stopped) return;
        _stopped = true;
        StopBgp();
        for (int i = 0; i < _floodComplete.Length; i++)
            if (_floodComplete[i]) { _floodComplete[i] = false; _board.FloodListsDelta(-1); }
        _igp = null;
        if (_dataPlane is { } old) _bumBase += old.BumCopies; // counters survive a restart (Prometheus counters never go down)
        _dataPlane = null;
        _setup.Gauges.FdbEntries = 0;
        _vrfs.Clear();
        _punted.Clear();
        Context.Timers.Cancel(TimerKey);
        _armedFor = null;
    }

    private void OnAttachAccessPort(AttachAccessPort m)
    {
        _accessPorts[m.Port] = m.Vlan;
        _setup.Links[m.Port] = (m.Link, 1);
        if (_stopped || _dataPlane is null) return;
        _dataPlane.AttachAccessPort(new AccessPort(new PortId(m.Port), m.Vlan));
        Pump();
    }

    // ------------------------------------------------------------------ frames

    private void OnPortStatus(PortStatus m)
    {
        if (m.Up) _carrierUp.Add(m.Port); else _carrierUp.Remove(m.Port);
        if (_stopped || _igp is null || !_setup.FabricNeighbors.ContainsKey(m.Port)) return;
        if (m.Up) _igp.InterfaceUp(m.Port, Now); else _igp.InterfaceDown(m.Port, Now);
        Pump();
    }

    private void OnFrame(FrameIn m)
    {
        Interlocked.Decrement(ref _setup.Gauges.Inbound);
        var dp = _dataPlane;
        if (_stopped || dp is null)
        {
            if (FrameClass.IsTcp(m.Frame)) _board.SegmentGone();
            return;
        }
        var port = new PortId(m.Port);
        var now = Now;
        if (dp.IsFabricPort(port))
        {
            _sentOrPunted = false;
            dp.HandleFabricFrame(port, m.Frame, now, this);
            // A BGP segment that was neither routed on nor punted died here (no route, TTL): it left the flight.
            if (!_sentOrPunted && FrameClass.IsTcp(m.Frame)) _board.SegmentGone();
        }
        else if (dp.IsAccessPort(port))
        {
            dp.HandleAccessFrame(port, m.Frame, now, this);
        }
        else
        {
            if (FrameClass.IsTcp(m.Frame)) _board.SegmentGone();
            return;
        }
        while (_punted.TryDequeue(out var p)) HandleControlPlane(p.Port, p.Protocol, p.Frame, now);
        Pump();
    }

    void IFrameSink.Send(PortId port, ReadOnlySpan<byte> frame)
    {
        _sentOrPunted = true;
        if (_setup.Links.TryGetValue(port.Value, out var link)) link.Link.Tell(new LinkTransmit(link.Side, frame.ToArray()), Self);
        else if (FrameClass.IsTcp(frame)) _board.SegmentGone();
    }

    void IFrameSink.Punt(PortId ingress, ControlPlaneProtocol protocol, ReadOnlySpan<byte> frame)
    {
        _sentOrPunted = true;
        _punted.Enqueue((ingress.Value, protocol, frame.ToArray()));
    }

    private void HandleControlPlane(int port, ControlPlaneProtocol protocol, byte[] frame, TimeSpan now)
    {
        switch (protocol)
        {
            case ControlPlaneProtocol.Igp:
                if (_igp is not null && frame.Length > EthernetHeader.UntaggedLength)
                    _igp.HandlePdu(port, frame.AsMemory(EthernetHeader.UntaggedLength), now);
                break;
            case ControlPlaneProtocol.Bgp:
                _board.SegmentGone();
                HandleTcpFrame(frame, now);
                break;
            case ControlPlaneProtocol.Bfd:
                HandleBfdFrame(frame, now);
                break;
        }
    }

    /// <summary>Sends an IPv4 packet of this device's control plane, routed hop by hop by the underlay.</summary>
    private bool SendControlPacket(byte[] packet, bool tcp)
    {
        if (_dataPlane is null) return false;
        if (tcp) _board.SegmentSent();
        var result = _dataPlane.SendFromControlPlane(packet, this);
        if (result.Kind != ControlPlaneSendKind.Sent)
        {
            if (tcp) _board.SegmentGone();
            return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ machines

    private void OnTick()
    {
        _armedFor = null;
        if (_stopped) return;
        var now = Now;
        if (_igp is { } igp && igp.PollTimeout() is { } t1 && t1 <= now) igp.HandleTimeout(now);
        TickBgp(now);
        foreach (var vrf in _vrfs)
            if (vrf.NextTimeout is { } t && t <= now) vrf.HandleTimeout(now);
        Pump();
    }

    /// <summary>Drains every machine's outputs until all are quiet, then re-arms the device timer.</summary>
    private void Pump()
    {
        if (_stopped || _dataPlane is null) return;
        var now = Now;
        bool again = true;
        while (again)
        {
            again = false;
            if (_igp is { } igp)
            {
                while (igp.TryPollTransmit(out var t)) _dataPlane.SendIgpPdu(new PortId(t.InterfaceId), t.Pdu.Span, this);
                while (igp.TryPollEvent(out var e))
                    if (e is RouteTableChanged rc) _dataPlane.SetUnderlay(rc.Table);
            }
            foreach (var vrf in _vrfs) DrainVrf(vrf, now);
            if (DrainBgp(now)) again = true;
            DrainBfd(now);
            foreach (var vrf in _vrfs) if (vrf.PendingEffects > 0) again = true;
        }
        if (_floodDirty) UpdateFloodLists();
        PublishGauges();
        Arm(now);
    }

    private void PublishGauges()
    {
        long fdb = 0;
        foreach (var vrf in _vrfs)
            foreach (var bd in vrf.BridgeDomains) fdb += bd.Fdb.Count;
        _setup.Gauges.FdbEntries = fdb;
        if (_dataPlane is { } dp) _setup.Gauges.BumCopies = _bumBase + dp.BumCopies;
    }

    private void Arm(TimeSpan now)
    {
        TimeSpan? next = _igp?.PollTimeout();
        next = Min(next, NextBgpDeadline());
        foreach (var vrf in _vrfs) next = Min(next, vrf.NextTimeout);
        if (next == _armedFor) return;
        _armedFor = next;
        if (next is { } at)
        {
            var delay = at - now;
            Context.Timers.StartSingleTimer(TimerKey, DeviceTick.Instance, delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
        }
        else Context.Timers.Cancel(TimerKey);
    }

    private static TimeSpan? Min(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : (a < b ? a : b);
}
