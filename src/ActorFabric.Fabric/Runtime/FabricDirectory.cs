using Akka.Actor;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// The facade's own bookkeeping: port numbering, where each host is attached now, and (once the supervisor has
/// built them) the refs of every device, host and link. Used by the facade only, never by actors.
/// </summary>
internal sealed class FabricDirectory
{
    public FabricDirectory(FabricTopology topology)
    {
        PortNumbers = new Dictionary<string, int>[topology.Nodes.Length];
        for (int i = 0; i < PortNumbers.Length; i++) PortNumbers[i] = new(StringComparer.Ordinal);
        LinkPorts = new (int, int)[topology.Links.Length];
        foreach (var l in topology.Links) LinkPorts[l.Index] = (PortNumber(l.A, l.APort), PortNumber(l.B, l.BPort));
        HostLeaf = new int[topology.Hosts.Length];
        HostPort = new int[topology.Hosts.Length];
        foreach (var h in topology.Hosts)
        {
            HostLeaf[h.Index] = h.Leaf;
            HostPort[h.Index] = PortNumber(h.Leaf, h.Port);
        }
        DeviceGauges = new DeviceGauges[topology.Nodes.Length];
        for (int i = 0; i < DeviceGauges.Length; i++) DeviceGauges[i] = new DeviceGauges();
        LinkGauges = new LinkGauges[topology.Links.Length];
        for (int i = 0; i < LinkGauges.Length; i++) LinkGauges[i] = new LinkGauges();
        HostLinkGauges = new LinkGauges[topology.Hosts.Length];
        for (int i = 0; i < HostLinkGauges.Length; i++) HostLinkGauges[i] = new LinkGauges();
        SegmentLinkPorts = new int[topology.SegmentLinks.Length];
        SegmentLinkGauges = new LinkGauges[topology.SegmentLinks.Length];
        for (int e = 0; e < SegmentLinkPorts.Length; e++)
        {
            SegmentLinkPorts[e] = PortNumber(topology.SegmentLinks[e].Leaf, topology.SegmentLinks[e].Port);
            SegmentLinkGauges[e] = new LinkGauges();
        }
    }

    public IActorRef[] Devices { get; private set; } = [];
    public IActorRef[] Hosts { get; private set; } = [];
    public IActorRef[] Links { get; private set; } = [];
    /// <summary>The actor carrying each host's access link: the host actor itself.</summary>
    public IActorRef[] HostLinks => Hosts;
    public IActorRef PathTraces { get; private set; } = ActorRefs.Nobody;
    public IActorRef Supervisor { get; private set; } = ActorRefs.Nobody;

    /// <summary>Current leaf and port of each host (changes on VM move).</summary>
    public int[] HostLeaf { get; }
    public int[] HostPort { get; }

    /// <summary>Port numbers of each fabric link's A and B ends.</summary>
    public (int A, int B)[] LinkPorts { get; }

    /// <summary>Per node: port name → port number ("ethN" → N; other names get numbers from 1000 up).</summary>
    public Dictionary<string, int>[] PortNumbers { get; }

    /// <summary>Each written by one actor only (its device or link), read at scrape time.</summary>
    public DeviceGauges[] DeviceGauges { get; }
    public LinkGauges[] LinkGauges { get; }
    public LinkGauges[] HostLinkGauges { get; }

    /// <summary>Leaf port number of each LAG link of <see cref="FabricTopology.SegmentLinks"/>, and its gauges.</summary>
    public int[] SegmentLinkPorts { get; }
    public LinkGauges[] SegmentLinkGauges { get; }

    /// <summary>Refs of the LAG links of <see cref="FabricTopology.SegmentLinks"/> (same order).</summary>
    public IActorRef[] SegmentLinks { get; private set; } = [];

    public void Built(IActorRef supervisor, FabricBuilt built)
    {
        Supervisor = supervisor;
        Devices = built.Devices;
        Hosts = built.Hosts;
        Links = built.Links;
        SegmentLinks = built.SegmentLinks ?? [];
        PathTraces = built.PathTraces;
    }

    public int PortNumber(int node, string name)
    {
        var map = PortNumbers[node];
        if (map.TryGetValue(name, out var n)) return n;
        n = PortNames.EthNumber(name);
        if (n < 0) n = 1000 + map.Count;
        map[name] = n;
        return n;
    }
}
