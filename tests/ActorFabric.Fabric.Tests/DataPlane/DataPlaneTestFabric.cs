using System.Net;
using ActorFabric.Fabric.DataPlane;
using ActorFabric.Fabric.Hosts;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Evpn;
using ActorFabric.Protocols.Underlay;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Packets;
using ActorFabric.Wire.Pcap;
using ActorFabric.Protocols.Timing;

namespace ActorFabric.Fabric.Tests.DataPlane;

/// <summary>
/// A small fabric without actors: 2 spines and 3 leaves, each a <see cref="SwitchDataPlane"/> with a real
/// <see cref="LinkStateRouter"/> whose PDUs ride through the data planes (punted on arrival), MAC-VRFs fed directly
/// with the routes the other leaves' MAC-VRFs originate (as a full iBGP mesh would), and <see cref="EmulatedHost"/>s
/// on access ports. One discrete-event queue in virtual time delivers every frame after its link latency.
/// VNI 10100 / VLAN 100 is on all leaves; VNI 10200 / VLAN 200 only on leaves 1 and 2.
/// Hosts: h1 leaf1:11, h4 leaf1:12 (VNI 10100); h2 leaf2:11; h3 leaf3:11 (802.1Q-tagged access port);
/// h5 leaf1:13, h6 leaf2:13 (VNI 10200). Leaf3:12 is a free untagged VLAN 100 port for moves.
/// </summary>
internal sealed class DataPlaneTestFabric : IDisposable
{
    public const uint Vni100 = 10100, Vni200 = 10200;
    public static readonly TimeSpan FabricLatency = TimeSpan.FromMicroseconds(10);
    public static readonly TimeSpan HostLatency = TimeSpan.FromMicroseconds(3);

    public sealed class Switch : IFrameSink
    {
        public required DataPlaneTestFabric Fabric;
        public required int Index;
        public required string Name;
        public required uint RouterId;
        public required MacAddress Mac;
        public required SwitchDataPlane DataPlane;
        public required LinkStateRouter Router;
        public List<MacVrf> Vrfs = [];
        public readonly List<(PortId Port, ControlPlaneProtocol Protocol, byte[] Frame)> Punts = [];
        public bool IsLeaf => Vrfs.Count > 0;

        public void Send(PortId port, ReadOnlySpan<byte> frame) => Fabric.Transmit(this, port, frame);

        public void Punt(PortId ingress, ControlPlaneProtocol protocol, ReadOnlySpan<byte> frame)
        {
            if (protocol == ControlPlaneProtocol.Igp && IgpFraming.TryGetPdu(frame, out var pdu))
            {
                Router.HandlePdu(ingress.Value, pdu.ToArray(), Fabric.Now);
                Fabric.DrainRouter(this);
                return;
            }
            Punts.Add((ingress, protocol, frame.ToArray()));
        }
    }

    public sealed class HostNode
    {
        public required EmulatedHost Host;
        public required Switch Leaf;
        public required PortId Port;
    }

    /// <summary>One frame seen on a wire: sender side (device or host name, port) and the bytes.</summary>
    public sealed record WireFrame(TimeSpan At, string From, PortId FromPort, string To, PortId ToPort, byte[] Frame);

    private readonly record struct Endpoint(Switch? Switch, HostNode? Host, PortId Port);
    private readonly record struct Delivery(Endpoint To, byte[] Frame);

    private readonly PriorityQueue<Delivery, (TimeSpan, long)> _queue = new();
    private readonly Dictionary<(int Switch, int Port), Endpoint> _peers = [];
    private long _sequence;
    private PcapWriter? _capture;

    public TimeSpan Now { get; private set; }
    public List<Switch> Switches { get; } = [];
    public Dictionary<string, HostNode> Hosts { get; } = [];
    public List<WireFrame> Wire { get; } = [];
    public bool RecordWire { get; set; } = true;

    public Switch Spine1 => Switches[0];
    public Switch Spine2 => Switches[1];
    public Switch Leaf(int n) => Switches[1 + n];
    public EmulatedHost this[string host] => Hosts[host].Host;

    public static uint SpineId(int n) => 0x0A00_0000u + (uint)n;        // 10.0.0.n
    public static uint LeafId(int n) => 0x0A00_0100u + (uint)n;         // 10.0.1.n
    public static Ipv4Address HostIp(int n) => new(0x0A01_0000u + (uint)n); // 10.1.0.n
    public static MacAddress HostMac(int n) => new(0x0200_00AA_0000UL + (ulong)n);

    public DataPlaneTestFabric()
    {
        AddSwitch("spine1", SpineId(1), []);
        AddSwitch("spine2", SpineId(2), []);
        for (int l = 1; l <= 3; l++)
        {
            var vnis = l < 3 ? new[] { (ushort)100, (ushort)200 } : [(ushort)100];
            AddSwitch($"leaf{l}", LeafId(l), vnis);
        }
        // Leaf port p (1, 2) goes to spine p; spine port l goes to leaf l.
        for (int l = 1; l <= 3; l++)
            for (int s = 1; s <= 2; s++)
                Connect(Leaf(l), s, Switches[s - 1], l);
        foreach (var sw in Switches)
        {
            sw.Router.Start(Now);
            DrainRouter(sw);
        }
        RunFor(TimeSpan.FromSeconds(5)); // IGP adjacencies + SPF

        AddHost("h1", 1, Leaf(1), new AccessPort(new PortId(11), 100));
        AddHost("h4", 4, Leaf(1), new AccessPort(new PortId(12), 100));
        AddHost("h5", 5, Leaf(1), new AccessPort(new PortId(13), 200));
        AddHost("h2", 2, Leaf(2), new AccessPort(new PortId(11), 100));
        AddHost("h6", 6, Leaf(2), new AccessPort(new PortId(13), 200));
        AddHost("h3", 3, Leaf(3), new AccessPort(new PortId(11), 100, Tagged: true));
        Leaf(3).DataPlane.AttachAccessPort(new AccessPort(new PortId(12), 100));
        RunFor(TimeSpan.FromMilliseconds(100)); // the hosts' gratuitous ARPs: MACs learned, type-2 routes everywhere
    }

    private void AddSwitch(string name, uint routerId, ushort[] vlans)
    {
        var mac = new MacAddress(0x0200_0000_0000UL + routerId);
        var vrfs = new List<MacVrf>();
        foreach (var vlan in vlans)
        {
            uint vni = 10000u + vlan;
            var rt = ExtendedCommunity.AutoDerivedRouteTarget(65000, vni);
            var vtep = new Ipv4Address(routerId).ToIPAddress();
            vrfs.Add(new MacVrf(new MacVrfOptions
            {
                RouteDistinguisher = RouteDistinguisher.FromIpv4(vtep, vlan),
                LocalVtep = vtep,
                ImportRouteTargets = [rt],
                ExportRouteTargets = [rt],
                BridgeDomains = [new BridgeDomainOptions(vlan, vni)],
            }));
        }
        var sw = new Switch
        {
            Fabric = this,
            Index = Switches.Count,
            Name = name,
            RouterId = routerId,
            Mac = mac,
            Router = new LinkStateRouter(new LinkStateRouterOptions { RouterId = routerId, Loopback = routerId }),
            Vrfs = vrfs,
            DataPlane = null!,
        };
        Switches.Add(sw);
        foreach (var vrf in vrfs) vrf.Start(Now);
        PumpRoutes();
    }

    private void Connect(Switch a, int portA, Switch b, int portB)
    {
        _peers[(a.Index, portA)] = new Endpoint(b, null, new PortId(portB));
        _peers[(b.Index, portB)] = new Endpoint(a, null, new PortId(portA));
        a.Router.AddInterface(portA);
        b.Router.AddInterface(portB);
        RebuildDataPlane(a);
        RebuildDataPlane(b);
        a.Router.InterfaceUp(portA, Now);
        b.Router.InterfaceUp(portB, Now);
        DrainRouter(a);
        DrainRouter(b);
    }

    // Data planes are created once every fabric port is known (wiring only; the runtime configures them once).
    private void RebuildDataPlane(Switch sw)
    {
        var ports = new List<FabricPort>();
        foreach (var ((index, port), peer) in _peers)
            if (index == sw.Index && peer.Switch is { } n) ports.Add(new FabricPort(new PortId(port), n.RouterId, n.Mac));
        ports.Sort((x, y) => x.Port.CompareTo(y.Port));
        var table = sw.DataPlane?.Underlay ?? UnderlayRouteTable.Empty;
        sw.DataPlane = new SwitchDataPlane(new SwitchDataPlaneOptions
        {
            Name = sw.Name,
            RouterId = sw.RouterId,
            Loopback = sw.RouterId,
            Vtep = sw.Vrfs.Count > 0 ? sw.RouterId : 0,
            FabricMac = sw.Mac,
            FabricPorts = ports,
            MacVrfs = sw.Vrfs,
        });
        sw.DataPlane.SetUnderlay(table);
    }

    private void AddHost(string name, int n, Switch leaf, AccessPort port)
    {
        leaf.DataPlane.AttachAccessPort(port);
        var host = new EmulatedHost(new EmulatedHostOptions
        {
            Name = name, Mac = HostMac(n), Address = HostIp(n), PrefixLength = 16, VlanTag = port.Tagged ? port.Vlan : null,
        });
        var node = new HostNode { Host = host, Leaf = leaf, Port = port.Port };
        Hosts.Add(name, node);
        _peers[(leaf.Index, port.Port.Value)] = new Endpoint(null, node, default);
        host.Start(Now);
        DrainHost(node);
    }

    /// <summary>Moves a host to another port (of any leaf): the old port loses its peer, the host sends a GARP from the new one.</summary>
    public void MoveHost(string name, Switch leaf, PortId port)
    {
        var node = Hosts[name];
        _peers.Remove((node.Leaf.Index, node.Port.Value));
        node.Leaf = leaf;
        node.Port = port;
        _peers[(leaf.Index, port.Value)] = new Endpoint(null, node, default);
        node.Host.MoveTo(null, Now);
        DrainHost(node);
    }

    /// <summary>Puts a hand-made frame on a host's cable towards its leaf (e.g. IPv6 ND, which the host stack does not speak).</summary>
    public void InjectFromHost(string name, byte[] frame)
    {
        var node = Hosts[name];
        Record(name, default, node.Leaf.Name, node.Port, frame);
        _queue.Enqueue(new Delivery(new Endpoint(node.Leaf, null, node.Port), frame), (Now + HostLatency, _sequence++));
    }

    public void StartCapture(string path) => _capture = new PcapWriter(File.Create(path));

    public void StopCapture()
    {
        _capture?.Dispose();
        _capture = null;
    }

    public void Dispose() => StopCapture();

    // ------------------------------------------------------------------ event loop

    public void RunFor(TimeSpan duration) => RunUntil(Now + duration);

    public void RunUntil(TimeSpan end)
    {
        foreach (var h in Hosts.Values) DrainHost(h); // frames of commands given since the last run (ping, flows, moves)
        while (true)
        {
            TimeSpan? next = _queue.TryPeek(out _, out var head) ? head.Item1 : null;
            foreach (var sw in Switches)
                next = Deadline.Earliest(next, sw.Router.PollTimeout());
            foreach (var h in Hosts.Values)
                next = Deadline.Earliest(next, h.Host.PollTimeout());
            if (next is null || next > end) break;
            Now = next.Value;
            while (_queue.TryPeek(out var delivery, out var key) && key.Item1 <= Now)
            {
                _queue.Dequeue();
                Deliver(delivery);
            }
            foreach (var sw in Switches)
            {
                if (sw.Router.PollTimeout() is { } t && t <= Now)
                {
                    sw.Router.HandleTimeout(Now);
                    DrainRouter(sw);
                }
            }
            foreach (var h in Hosts.Values)
            {
                if (h.Host.PollTimeout() is { } t && t <= Now)
                {
                    h.Host.HandleTimeout(Now);
                    DrainHost(h);
                }
            }
        }
        Now = end;
    }

    private void Deliver(Delivery delivery)
    {
        var to = delivery.To;
        if (to.Host is { } host)
        {
            host.Host.HandleFrame(delivery.Frame, Now);
            DrainHost(host);
            return;
        }
        var sw = to.Switch!;
        if (sw.DataPlane.IsFabricPort(to.Port)) sw.DataPlane.HandleFabricFrame(to.Port, delivery.Frame, Now, sw);
        else sw.DataPlane.HandleAccessFrame(to.Port, delivery.Frame, Now, sw);
        PumpRoutes();
    }

    internal void Transmit(Switch from, PortId port, ReadOnlySpan<byte> frame)
    {
        if (!_peers.TryGetValue((from.Index, port.Value), out var peer)) return; // nothing attached
        var copy = frame.ToArray();
        var latency = peer.Host is not null ? HostLatency : FabricLatency;
        string to = peer.Host?.Host.Name ?? peer.Switch!.Name;
        Record(from.Name, port, to, peer.Port, copy);
        _queue.Enqueue(new Delivery(peer, copy), (Now + latency, _sequence++));
    }

    private void DrainHost(HostNode node)
    {
        while (node.Host.TryPollTransmit(out var frame))
        {
            Record(node.Host.Name, default, node.Leaf.Name, node.Port, frame);
            _queue.Enqueue(new Delivery(new Endpoint(node.Leaf, null, node.Port), frame), (Now + HostLatency, _sequence++));
        }
    }

    internal void DrainRouter(Switch sw)
    {
        while (sw.Router.TryPollTransmit(out var transmit))
            sw.DataPlane.SendIgpPdu(new PortId(transmit.InterfaceId), transmit.Pdu.Span, sw);
        while (sw.Router.TryPollEvent(out var e))
            if (e is RouteTableChanged changed) sw.DataPlane?.SetUnderlay(changed.Table);
    }

    /// <summary>Hands every MAC-VRF effect to the other leaves (the routes BGP would carry), until quiet.</summary>
    public void PumpRoutes()
    {
        bool any = true;
        while (any)
        {
            any = false;
            foreach (var sw in Switches)
            {
                foreach (var vrf in sw.Vrfs)
                {
                    while (vrf.TryPollEffect(out var effect))
                    {
                        any = true;
                        foreach (var other in Switches)
                        {
                            if (other == sw) continue;
                            foreach (var peerVrf in other.Vrfs)
                            {
                                if (effect is Originate o) peerVrf.ApplyRemote(o.Route, o.Attributes, vrf.LocalVtep, Now);
                                else if (effect is Withdraw w) peerVrf.WithdrawRemote(w.Route, Now);
                            }
                        }
                    }
                }
            }
        }
    }

    private void Record(string from, PortId fromPort, string to, PortId toPort, byte[] frame)
    {
        if (RecordWire) Wire.Add(new WireFrame(Now, from, fromPort, to, toPort, frame));
        _capture?.WritePacket(Now, frame);
    }

    // ------------------------------------------------------------------ queries

    public FdbEntry? Fdb(Switch leaf, uint vni, MacAddress mac)
    {
        foreach (var vrf in leaf.Vrfs)
            if (vrf.TryGetDomainByVni(vni, out var bd) && bd.TryLookup(mac, out var e)) return e;
        return null;
    }

    public static IPAddress VtepAddress(Switch sw) => new Ipv4Address(sw.RouterId).ToIPAddress();

    /// <summary>The VXLAN frames on fabric links since <paramref name="since"/> (IGP frames excluded).</summary>
    public List<WireFrame> VxlanFrames(int since = 0)
    {
        var list = new List<WireFrame>();
        for (int i = since; i < Wire.Count; i++)
        {
            var d = FrameDescription.Parse(Wire[i].Frame);
            if (d.IsVxlan) list.Add(Wire[i]);
        }
        return list;
    }

    public Switch SwitchNamed(string name) => Switches.First(s => s.Name == name);

}
