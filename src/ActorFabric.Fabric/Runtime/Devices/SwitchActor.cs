using Akka.Actor;
using ActorFabric.Fabric.DataPlane;
using ActorFabric.Fabric.Runtime.Links;
using ActorFabric.Fabric.Runtime.Messages;
using ActorFabric.Fabric.Topology;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Evpn;
using ActorFabric.Protocols.Timing;
using ActorFabric.Protocols.Underlay;
using ActorFabric.Simulation;
using ActorFabric.Wire.Packets;
using ActorFabric.Wire.Underlay;

namespace ActorFabric.Fabric.Runtime.Devices;

/// <summary>
/// One switch or route reflector. Owns its protocol machines (underlay link-state router, BGP speaker with its
/// emulated TCP connections, BFD sessions, MAC-VRFs) and its <see cref="SwitchDataPlane"/>; feeds every machine's
/// PollTimeout into ONE scheduled tick at the earliest deadline. After each message it drains every machine's
/// outputs until all are quiet (<see cref="Pump"/>), then tells the node's convergence monitor its own figures
/// if they changed. Its port wiring arrives in one immutable <see cref="DeviceBoot"/> message.
/// </summary>
internal sealed partial class SwitchActor : ReceiveActor, IFrameSink, IForwardingTracer
{
    private readonly SwitchSetup _setup;
    private readonly FabricNode _node;
    private readonly FabricTopology _topology;
    private readonly ConvergenceTally _board;
    private readonly EmulatedClock _clock;
    private readonly HashSet<int> _carrierUp = [];
    private readonly Queue<(int Port, ControlPlaneProtocol Protocol, byte[] Frame)> _punted = new();
    // Wiring from the boot message, then changed only by this actor (VM moves).
    private readonly Dictionary<int, (IActorRef Link, int Side)> _links = [];
    private readonly Dictionary<int, int> _fabricNeighbors = [];
    private bool _booted;
    private bool _mobilityRestored;
    private List<FrameIn>? _beforeBoot; // frames that arrived before the wiring (real time: a host may start first)
    private bool _stopped;
    private DeviceTicker _ticker;
    private int _traceId;
    // The data plane's routed-packet count when a traced frame arrived: a hop that raised it routed the frame.
    private long _routedBeforeTrace;
    private long _bumBase, _bumBytesBase, _macMovesBase, _tcpRetransmissionsBase;

    private LinkStateRouter? _igp;
    private SwitchDataPlane? _dataPlane;
    private readonly List<MacVrf> _vrfs = [];
    private readonly Dictionary<int, ushort> _accessPorts = [];
    // Access ports that are this leaf's link of a multihomed Ethernet segment.
    private readonly Dictionary<int, Wire.Bgp.EthernetSegmentId> _accessEsis = [];
    private readonly Dictionary<int, ulong> _segmentHostMacs = [];
    // Access port → MAC configured static on it (topology `static-mac`), laid over the MAC-VRFs at every start.
    private readonly Dictionary<int, ulong> _staticMacs = [];

    public SwitchActor(SwitchSetup setup)
    {
        _setup = setup;
        _topology = setup.Topology;
        _node = _topology.Nodes[setup.NodeIndex];
        _board = new ConvergenceTally(setup.NodeIndex, setup.Expectation);
        _clock = EmulatedClock.Get(Context.System);

        Receive<DeviceBoot>(OnBoot);
        Receive<FrameIn>(OnFrame);
        Receive<PortStatus>(OnPortStatus);
        Receive<DeviceTick>(_ => OnTick());
        Receive<DeviceQuery>(q => Sender.Tell(new QueryAnswer(Answer(q))));
        Receive<DeviceStop>(_ => Sender.Tell(new DeviceStateChanged(StopMachines())));
        Receive<DeviceStart>(_ =>
        {
            bool changed = _stopped;
            if (_stopped)
            {
                _stopped = false;
                StartMachines();
                PowerAccessPorts(true);
            }
            Sender.Tell(new DeviceStateChanged(changed));
        });
        Receive<OismExternalStream>(OnExternalStream);
        Receive<AttachAccessPort>(m => { OnAttachAccessPort(m); Sender.Tell(Ack.Instance); });
        Receive<DetachAccessLink>(m => { _links.Remove(m.Port); Sender.Tell(Ack.Instance); });
    }

    private TimeSpan Now => _clock.Now;

    /// <summary>A crash restarts the device from its configuration with the wiring it had (the new instance gets it as its boot).</summary>
    protected override void PreRestart(Exception reason, object message)
    {
        if (_booted) Self.Tell(CurrentWiring());
        base.PreRestart(reason, message);
    }

    protected override void PreStart()
    {
        if (_setup.Boot is { } boot) Self.Tell(boot);
    }

    private DeviceBoot CurrentWiring()
    {
        var links = new List<PortLink>();
        foreach (var (port, l) in _links) links.Add(new PortLink(port, l.Link, l.Side));
        var neighbors = new List<PortNeighbor>();
        foreach (var (port, n) in _fabricNeighbors) neighbors.Add(new PortNeighbor(port, n));
        var access = new List<PortVlan>();
        foreach (var (port, vlan) in _accessPorts) access.Add(new PortVlan(port, vlan, _staticMacs.GetValueOrDefault(port), _accessEsis.GetValueOrDefault(port), _segmentHostMacs.GetValueOrDefault(port)));
        return new DeviceBoot([.. links], [.. neighbors], [.. access], [.. _carrierUp]);
    }

    private void OnBoot(DeviceBoot boot)
    {
        if (_booted) return;
        _booted = true;
        foreach (var l in boot.Links) _links[l.Port] = (l.Link, l.Side);
        foreach (var n in boot.FabricNeighbors) _fabricNeighbors[n.Port] = n.Neighbor;
        foreach (var a in boot.AccessPorts)
        {
            _accessPorts.TryAdd(a.Port, a.Vlan);
            if (!a.Esi.IsZero) _accessEsis[a.Port] = a.Esi;
            if (a.SegmentHostMac != 0) _segmentHostMacs[a.Port] = a.SegmentHostMac;
            if (a.StaticMac != 0) _staticMacs.TryAdd(a.Port, a.StaticMac);
        }
        foreach (var p in boot.CarrierUp) _carrierUp.Add(p);
        if (_setup.Boot is not null)
            foreach (var l in boot.Links) l.Link.Tell(new CarrierRefresh(l.Side), Self);
        StartMachines();
        if (_beforeBoot is { } early)
        {
            _beforeBoot = null;
            foreach (var f in early) OnFrame(f);
        }
    }

    // ------------------------------------------------------------------ lifecycle

    private void StartMachines()
    {
        var now = Now;
        var fabricPorts = new List<FabricPort>();
        foreach (var (port, neighbor) in _fabricNeighbors)
            fabricPorts.Add(new FabricPort(new PortId(port), _topology.Nodes[neighbor].RouterId, FabricAddressing.DeviceMac(neighbor)));
        fabricPorts.Sort((a, b) => a.Port.Value.CompareTo(b.Port.Value));

        _vrfs.Clear();
        if (_node.IsVtep) BuildMacVrfs();
        BuildIpVrfs();
        BuildEthernetSegments();
        if (!_mobilityRestored)
        {
            // Only at the first start: a device-stop loses protocol state on purpose.
            _mobilityRestored = true;
            foreach (var f in _setup.RestoredMobility)
                foreach (var vrf in _vrfs) vrf.RestoreMobility(f.Vni, new MacAddress(f.Mac), f.Sequence, f.Duplicate, now);
        }
        var access = new List<AccessPort>();
        foreach (var (port, vlan) in _accessPorts) access.Add(new AccessPort(new PortId(port), vlan, Esi: _accessEsis.GetValueOrDefault(port)));
        access.Sort((a, b) => a.Port.Value.CompareTo(b.Port.Value));

        _dataPlane = new SwitchDataPlane(new SwitchDataPlaneOptions
        {
            Name = _node.Name,
            RouterId = _node.RouterId,
            Loopback = _node.Loopback,
            Vtep = _node.IsVtep ? _node.Vtep : 0,
            ArIp = _node.ArIp,
            FabricMac = FabricAddressing.DeviceMac(_node.Index),
            FabricPorts = fabricPorts,
            AccessPorts = access,
            MacVrfs = _vrfs,
        });
        foreach (var ipVrf in _ipVrfs) _dataPlane.AttachIpVrf(ipVrf);
        BuildOism(_dataPlane);

        _igp = new LinkStateRouter(new LinkStateRouterOptions
        {
            RouterId = _node.RouterId,
            Loopback = _node.Loopback,
            // A replicator's AR IP is a second loopback that every VTEP must reach (RFC 9574 §4).
            AdditionalPrefixes = _node.ArIp == 0 ? [] : [UnderlayPrefix.Host(_node.ArIp)],
        });
        foreach (var p in fabricPorts) _igp.AddInterface(p.Port.Value);
        _igp.Start(now);
        foreach (var p in fabricPorts)
            if (_carrierUp.Contains(p.Port.Value)) _igp.InterfaceUp(p.Port.Value, now);

        StartBgp(now);
        foreach (var vrf in _vrfs) vrf.Start(now);
        foreach (var ipVrf in _ipVrfs) ipVrf.Start();
        foreach (var tenant in _oismTenants) tenant.Start();
        ConfigureStaticMacs(now);
        foreach (var (port, _) in _segmentByPort)
            if (_carrierUp.Contains(port)) SegmentCarrier(port, true, now);
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
            _vrfs.Add(new MacVrf(new MacVrfOptions
            {
                RouteDistinguisher = vrf.RouteDistinguisherFor(_node),
                LocalVtep = FabricAddressing.ToIp(_node.Vtep),
                ImportRouteTargets = vrf.ImportTargets,
                ExportRouteTargets = vrf.ExportTargets,
                BridgeDomains = domains,
                ServiceType = vrf.ServiceType == ServiceType.VlanAwareBundle ? EvpnServiceType.VlanAwareBundle : EvpnServiceType.VlanBased,
                MacAgingTime = settings.MacAging,
                Mobility = new MacMobilityOptions
                {
                    DuplicateMoveThreshold = settings.DuplicateMacMoves,
                    DuplicateDetectionWindow = settings.DuplicateMacWindow,
                },
                AssistedReplication = AssistedReplicationOptionsOf(_node),
                Snooping = SnoopingOptionsOf(_node),
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

    /// <summary>
    /// A stopped leaf's access ports lose power, so each host sees its link go down at once (carrier loss), as a
    /// server's NIC does when its switch goes dark: a LAG (bond) then stops hashing flows onto that member and sends
    /// them on the members that are still up (IEEE 802.1AX: a link without carrier leaves the aggregation; LACP would
    /// only notice after its timeout). Fabric links are left alone: the spines see the leaf go silent (BGP hold timer).
    /// When the leaf starts again its ports come back up from scratch, which is what lets it relearn the hosts it
    /// forgot with the rest of its state: a host whose link comes back probes and announces its address again
    /// (RFC 5227 §2.1, §2.3), and the leaf learns MAC and MAC+IP from that ARP and advertises them (RFC 7432 §9.1,
    /// §10), instead of waiting for the host's next periodic announcement. The routes start again from sequence
    /// number 0 (RFC 7432 §15): the peers withdrew the old ones when the session went down.
    /// </summary>
    private void PowerAccessPorts(bool on)
    {
        foreach (var (port, _) in _accessPorts)
            if (_links.TryGetValue(port, out var link)) link.Link.Tell(new PortPower(link.Side, on), Self);
    }

    /// <summary>
    /// device-stop: all protocol state is lost; the fabric sees the device go silent (fabric links stay up) and its
    /// hosts lose carrier. False when already stopped.
    /// </summary>
    private bool StopMachines()
    {
        if (_stopped) return false;
        _stopped = true;
        PowerAccessPorts(false);
        StopBgp();
        for (int i = 0; i < _floodComplete.Length; i++)
            if (_floodComplete[i]) { _floodComplete[i] = false; _board.FloodListsDelta(-1); }
        _igp = null;
        if (_dataPlane is { } old)
        {
            _bumBase += old.BumCopies; // counters survive a restart (Prometheus counters never go down)
            _bumBytesBase += old.BumFabricBytes;
            KeepOismCounts(old);
        }
        _dataPlane = null;
        foreach (var vrf in _vrfs) _macMovesBase += vrf.MovesSeen;
        _setup.Gauges.FdbEntries = _setup.Gauges.ArpEntries = _setup.Gauges.DuplicateMacs = 0;
        _setup.Gauges.IpVrfRoutes = _setup.Gauges.IpVrfHostRoutes = 0;
        _vrfs.Clear();
        _ipVrfs.Clear();
        _ipVrfByVni.Clear();
        _punted.Clear();
        _board.SetBytesUnacknowledged(0);
        Report();
        return true;
    }

    private void OnAttachAccessPort(AttachAccessPort m)
    {
        _accessPorts[m.Port] = m.Vlan;
        _links[m.Port] = (m.Link, 1);
        if (_stopped || _dataPlane is null) return;
        _dataPlane.AttachAccessPort(new AccessPort(new PortId(m.Port), m.Vlan));
        Pump();
    }

    // ------------------------------------------------------------------ frames

    private void OnPortStatus(PortStatus m)
    {
        if (m.Up) _carrierUp.Add(m.Port); else _carrierUp.Remove(m.Port);
        if (!_stopped && _segmentByPort.ContainsKey(m.Port))
        {
            SegmentCarrier(m.Port, m.Up, Now);
            Pump();
            return;
        }
        if (_stopped || _igp is null || !_fabricNeighbors.ContainsKey(m.Port)) return;
        if (m.Up) _igp.InterfaceUp(m.Port, Now); else _igp.InterfaceDown(m.Port, Now);
        Pump();
    }

    private void OnFrame(FrameIn m)
    {
        if (!_booted)
        {
            if ((_beforeBoot ??= []).Count < 1024) _beforeBoot.Add(m);
            return;
        }
        var dp = _dataPlane;
        if (_stopped || dp is null) return;
        var port = new PortId(m.Port);
        var now = Now;
        // A traced frame (ping path): report each forwarding of it and mark what it becomes.
        _traceId = m.TraceId;
        if (_traceId != 0) { dp.Tracer = this; _routedBeforeTrace = dp.RoutedPackets; }
        try
        {
            if (dp.IsFabricPort(port)) dp.HandleFabricFrame(port, m.Frame, now, this);
            else if (dp.IsAccessPort(port)) dp.HandleAccessFrame(port, m.Frame, now, this);
            else return;
        }
        finally
        {
            if (_traceId != 0) { dp.Tracer = null; _traceId = 0; }
        }
        while (_punted.TryDequeue(out var p)) HandleControlPlane(p.Port, p.Protocol, p.Frame, now);
        Pump();
    }

    void IFrameSink.Send(PortId port, ReadOnlySpan<byte> frame)
    {
        if (_links.TryGetValue(port.Value, out var link)) link.Link.Tell(new LinkTransmit(link.Side, frame.ToArray(), _traceId), Self);
    }

    void IFrameSink.Punt(PortId ingress, ControlPlaneProtocol protocol, ReadOnlySpan<byte> frame)
        => _punted.Enqueue((ingress.Value, protocol, frame.ToArray()));

    void IForwardingTracer.OnForward(string device, PortId ingress, PortId egress, ForwardingStage stage, ReadOnlySpan<byte> frame)
    {
        ushort outerSourcePort = stage == ForwardingStage.Encapsulated ? FrameDescription.Parse(frame).Frame.SourcePort : (ushort)0;
        bool routed = _dataPlane is { } dp && dp.RoutedPackets > _routedBeforeTrace;
        _setup.PathTraces.Tell(new PathHopReport(_traceId, new PathHop(device, PathHopReport.PortName(ingress.Value), PathHopReport.PortName(egress.Value), routed), outerSourcePort), Self);
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
        return _dataPlane.SendFromControlPlane(packet, this).Kind == ControlPlaneSendKind.Sent;
    }

    // ------------------------------------------------------------------ machines

    private void OnTick()
    {
        _ticker.Fired(Now);
        TickExternalStreams(Now);
        if (_stopped) return;
        var now = Now;
        if (_igp is { } igp && igp.PollTimeout() is { } t1 && t1 <= now) igp.HandleTimeout(now);
        TickBgp(now);
        foreach (var vrf in _vrfs)
            if (vrf.PollTimeout() is { } t && t <= now) vrf.HandleTimeout(now);
        TickSegments(now);
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
            if (DrainIpVrfs(now)) again = true;
            DrainSegments(now);
            if (DrainBgp(now)) again = true;
            DrainBfd(now);
            foreach (var vrf in _vrfs) if (vrf.PendingEffects > 0) again = true;
        }
        if (_floodDirty) UpdateFloodLists();
        PublishGauges();
        Arm(now);
        PublishTcpFigures();
        Report();
    }

    private void Report()
    {
        if (_board.TakeReport() is { } report) _setup.Monitor.Tell(report, Self);
    }

    private void PublishGauges()
    {
        long fdb = 0, arp = 0, moves = _macMovesBase, duplicates = 0;
        foreach (var vrf in _vrfs)
        {
            foreach (var bd in vrf.BridgeDomains)
            {
                fdb += bd.Fdb.Count;
                arp += bd.ArpTable.Count;
            }
            moves += vrf.MovesSeen;
            duplicates += vrf.DuplicateMacs;
        }
        _setup.Gauges.FdbEntries = fdb;
        _setup.Gauges.ArpEntries = arp;
        _setup.Gauges.MacMoves = moves;
        _setup.Gauges.DuplicateMacs = duplicates;
        if (_dataPlane is { } dp)
        {
            _setup.Gauges.BumCopies = _bumBase + dp.BumCopies;
            _setup.Gauges.BumFabricBytes = _bumBytesBase + dp.BumFabricBytes;
        }
        PublishSegmentGauges();
        PublishRoutingGauges();
        PublishOismGauges();
    }

    /// <summary>
    /// Keeps one tick scheduled at or before the earliest deadline. A tick that turns out early (its deadline moved
    /// later) only re-arms; a deadline that moved earlier gets a new tick. No cancellation, so no timer objects per
    /// re-arm.
    /// </summary>
    private void Arm(TimeSpan now)
    {
        TimeSpan? next = _igp?.PollTimeout();
        next = Deadline.Earliest(next, NextBgpDeadline());
        foreach (var vrf in _vrfs) next = Deadline.Earliest(next, vrf.PollTimeout());
        next = Deadline.Earliest(next, NextSegmentDeadline());
        next = Deadline.Earliest(next, NextExternalDeadline());
        _ticker.Arm(next, now, Context.System.Scheduler, Self);
    }

}
