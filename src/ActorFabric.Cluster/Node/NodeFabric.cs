using System.Collections.Concurrent;
using Akka.Actor;
using ActorFabric.Fabric.Metrics;
using ActorFabric.Cluster.Entities;
using ActorFabric.Cluster.Placement;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Runtime.Devices;
using ActorFabric.Fabric.Runtime.Links;
using ActorFabric.Fabric.Topology;
using ActorFabric.Protocols.Bgp.Speaker;

namespace ActorFabric.Cluster.Node;

/// <summary>
/// This node's copy of a launched fabric: the compiled topology, its placement, port numbering and the node's own
/// gauges and interners (shared only by the entities of this node; nothing here is shared across nodes). Builds the
/// props of any entity the sharding region asks for, wired with entity refs.
/// </summary>
internal sealed class NodeFabric
{
    private readonly FabricEntities _entities;
    private readonly FabricWiring _wiring;
    private readonly Dictionary<string, int> _hostIndex = new(StringComparer.Ordinal);
    private readonly EvpnRouteInterner _routeInterner = new();
    private readonly AttributeInterner _attributeInterner = new(1 << 18);
    // Indices of the entities started here (written by the sharding props factory, read by metric scrapes).
    private readonly ConcurrentDictionary<int, bool> _runsDevice = new(), _runsLink = new(), _runsHost = new();

    public NodeFabric(string launchId, FabricTopology topology, string topologyText, LaunchSettings settings, FabricEntities entities, IActorRef monitor, IActorRef pathTraces)
    {
        ConfigDigest = DigestOf(topologyText);
        LaunchId = launchId;
        Topology = topology;
        Settings = settings;
        _entities = entities;
        Monitor = monitor;
        PathTraces = pathTraces;
        Placement = FabricPlacement.Build(topology);
        Directory = new FabricDirectory(topology);
        Expectation = new ConvergenceExpectation(topology, settings.AnnounceHosts);
        _wiring = new FabricWiring(topology, Directory, settings.Seed);
        foreach (var h in topology.Hosts) _hostIndex[h.Name] = h.Index;
        FabricGaugeFamilies.Register(Metrics, topology, Directory,
            new GaugeScope(_runsDevice.ContainsKey, _runsLink.ContainsKey, _runsHost.ContainsKey));
        ClusterMetricFamilies.Register(Metrics, entities, () => _runsDevice.Count);
        ProcessMetricFamilies.Register(Metrics);
    }

    /// <summary>The gauges of the devices, links and hosts that started on this node (Prometheus text at /metrics).</summary>
    public MetricsRegistry Metrics { get; } = new();

    /// <summary>The launch this node serves now (a launcher that attaches to the running fabric takes it over).</summary>
    public string LaunchId { get; set; }

    public static string DigestOf(string topologyText) =>
        Wire.Hashing.Fnv1a.Hash64(System.Text.Encoding.UTF8.GetBytes(topologyText)).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    public FabricTopology Topology { get; }
    public LaunchSettings Settings { get; }
    public FabricPlacement Placement { get; }
    /// <summary>Port numbers and this node's gauges (a gauge moves only while its entity runs here).</summary>
    public FabricDirectory Directory { get; }
    public ConvergenceExpectation Expectation { get; }
    /// <summary>The node's convergence forwarder (batches device reports to the launcher).</summary>
    public IActorRef Monitor { get; }
    public IActorRef PathTraces { get; }

    /// <summary>Every entity id of the fabric, shard by shard.</summary>
    public IEnumerable<string> EntitiesOf(PlacementShard shard)
    {
        foreach (var d in shard.Devices) yield return FabricEntityId.Device(Topology.Nodes[d].Name);
        foreach (var l in shard.Links) yield return FabricEntityId.Link(l);
        foreach (var h in shard.Hosts) yield return FabricEntityId.Host(Topology.Hosts[h].Name);
    }

    /// <summary>Digest of the topology text every node compiled: a journal written under another one is not replayed.</summary>
    public string ConfigDigest { get; }

    /// <summary>Whether entities keep a journal (the node has a store): then each runs under a <see cref="Persistence.PersistentEntity"/>.</summary>
    public bool Persistent { get; init; }

    /// <summary>What the sharding region creates for an entity id.</summary>
    public Props EntityProps(string entityId) =>
        Persistent ? Props.Create(() => new Persistence.PersistentEntity(entityId, this)) : PropsFor(entityId, null);

    /// <summary>A fabric link's configured state (null for devices and hosts).</summary>
    public Persistence.LinkStateRecorded? LinkStateOf(string entityId)
    {
        if (!FabricEntityId.TryParse(entityId, out var kind, out var key) || kind != FabricEntityKind.Link) return null;
        var l = Topology.Links[int.Parse(key, System.Globalization.CultureInfo.InvariantCulture)];
        return new Persistence.LinkStateRecorded(l.State == LinkState.Up, l.Latency, l.Loss);
    }

    /// <summary>
    /// A host whose journal puts it elsewhere than the topology does (a VM move before a restart): the configured
    /// leaf and port it must be detached from, and the leaf, port and VLAN it must be attached to. Null otherwise.
    /// </summary>
    public (IActorRef From, int FromPort, IActorRef To, int ToPort, ushort Vlan)? HostMove(string entityId, Persistence.HostLocated at)
    {
        if (!FabricEntityId.TryParse(entityId, out var kind, out var key) || kind != FabricEntityKind.Host || !_hostIndex.TryGetValue(key, out int host)) return null;
        if (!Topology.TryGetNode(at.Leaf, out var leaf)) return null;
        var h = Topology.Hosts[host];
        int configuredPort = Directory.HostPort[host];
        if (leaf.Index == h.Leaf && at.Port == configuredPort) return null;
        return (Device(h.Leaf), configuredPort, Device(leaf.Index), at.Port, h.Vlan);
    }

    /// <summary>The device name of a device entity id (null for links and hosts).</summary>
    public string? DeviceName(string entityId) =>
        FabricEntityId.TryParse(entityId, out var kind, out var key) && kind == FabricEntityKind.Device ? key : null;

    /// <summary>
    /// The actor behind an entity id: a switch, a fabric link or a host, wired with entity refs; <paramref name="memory"/>
    /// (from the entity's journal) overrides a link's state and a host's location.
    /// </summary>
    public Props PropsFor(string entityId, Persistence.DeviceMemory? memory)
    {
        if (entityId.Length > 2 && entityId[1] == ':')
        {
            var key = entityId[2..];
            switch (entityId[0])
            {
                case 'd' when Topology.TryGetNode(key, out var node):
                    _runsDevice[node.Index] = true;
                    var setup = DeviceSetup(node.Index) with { ReportMobility = Persistent, RestoredMobility = MobilityOf(memory) };
                    return FabricProps.Of(() => new SwitchActor(setup));
                case 'l' when int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int link) && link < Topology.Links.Length:
                    _runsLink[link] = true;
                    var linkSetup = _wiring.LinkOf(link, Device);
                    if (memory?.Link is { } state) linkSetup = linkSetup with { Up = state.Up, Latency = state.Latency, Loss = state.Loss };
                    return FabricProps.Of(() => new LinkActor(linkSetup));
                case 'l' when int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int lagLink)
                              && lagLink - Topology.Links.Length - Topology.Hosts.Length is var lag && lag >= 0 && lag < Topology.SegmentLinks.Length:
                    var lagSetup = _wiring.SegmentLinkOf(lag, Device, Host);
                    if (memory?.Link is { } lagState) lagSetup = lagSetup with { Up = lagState.Up, Latency = lagState.Latency, Loss = lagState.Loss };
                    return FabricProps.Of(() => new LinkActor(lagSetup));
                case 'h' when _hostIndex.TryGetValue(key, out int host):
                    _runsHost[host] = true;
                    var hostSetup = _wiring.HostOf(host, Device, Link, PathTraces, Settings.AnnounceHosts);
                    if (memory?.Host is { } at && Topology.TryGetNode(at.Leaf, out var leaf))
                        hostSetup = hostSetup with { Link = hostSetup.Link with { B = Device(leaf.Index), BPort = at.Port } };
                    return FabricProps.Of(() => new HostActor(hostSetup));
            }
        }
        throw new ArgumentException($"fabric '{Topology.Name}' has no entity '{entityId}'", nameof(entityId));
    }

    private static List<MacMobilityFact> MobilityOf(Persistence.DeviceMemory? memory)
    {
        var facts = new List<MacMobilityFact>();
        if (memory is null) return facts;
        foreach (var ((vni, mac), sequence) in memory.MobilitySequences)
            facts.Add(new MacMobilityFact(vni, mac, sequence, memory.DuplicateMacs.Contains((vni, mac))));
        foreach (var (vni, mac) in memory.DuplicateMacs)
            if (!memory.MobilitySequences.ContainsKey((vni, mac))) facts.Add(new MacMobilityFact(vni, mac, 0, true));
        return facts;
    }

    private SwitchSetup DeviceSetup(int index) => new()
    {
        Topology = Topology,
        NodeIndex = index,
        Expectation = Expectation,
        Monitor = Monitor,
        PathTraces = PathTraces,
        Seed = Settings.Seed,
        BgpUpdateDelay = Settings.BgpUpdateDelay,
        Gauges = Directory.DeviceGauges[index],
        RouteInterner = _routeInterner,
        AttributeInterner = _attributeInterner,
        Boot = _wiring.BootOf(index, Link, Host),
        GracefulRestart = true,
    };

    private IActorRef Device(int index) => _entities.Ref(FabricEntityId.Device(Topology.Nodes[index].Name));

    private IActorRef Host(int index) => _entities.Ref(FabricEntityId.Host(Topology.Hosts[index].Name));

    private IActorRef Link(int index) => _entities.Ref(FabricEntityId.Link(index));
}
