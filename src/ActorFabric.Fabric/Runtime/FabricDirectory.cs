using ActorFabric.Actors;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// Where the facade finds the actors: refs by node, host and link index, port numbering, host attachments.
/// Filled by the <see cref="FabricSupervisor"/> when it starts; <see cref="Ready"/> says when.
/// </summary>
internal sealed class FabricDirectory
{
    public FabricDirectory(FabricTopology topology)
    {
        Devices = new IActorRef[topology.Nodes.Length];
        Hosts = new IActorRef[topology.Hosts.Length];
        Links = new IActorRef[topology.Links.Length];
        HostLinks = new IActorRef[topology.Hosts.Length];
        HostLeaf = new int[topology.Hosts.Length];
        HostPort = new int[topology.Hosts.Length];
        LinkPorts = new (int, int)[topology.Links.Length];
        PortNumbers = new Dictionary<string, int>[topology.Nodes.Length];
        DeviceGauges = new DeviceGauges[topology.Nodes.Length];
        for (int i = 0; i < DeviceGauges.Length; i++) DeviceGauges[i] = new DeviceGauges();
        LinkGauges = new LinkGauges[topology.Links.Length];
        for (int i = 0; i < LinkGauges.Length; i++) LinkGauges[i] = new LinkGauges();
        HostLinkGauges = new LinkGauges[topology.Hosts.Length];
        for (int i = 0; i < HostLinkGauges.Length; i++) HostLinkGauges[i] = new LinkGauges();
        for (int i = 0; i < PortNumbers.Length; i++) PortNumbers[i] = new(StringComparer.Ordinal);
    }

    public IActorRef[] Devices { get; }
    public IActorRef[] Hosts { get; }
    public IActorRef[] Links { get; }
    public IActorRef[] HostLinks { get; }

    /// <summary>Current leaf and port of each host (changes on VM move).</summary>
    public int[] HostLeaf { get; }
    public int[] HostPort { get; }

    /// <summary>Port numbers of each fabric link's A and B ends.</summary>
    public (int A, int B)[] LinkPorts { get; }

    /// <summary>Per node: port name → port number ("ethN" → N; other names get numbers from 1000 up).</summary>
    public Dictionary<string, int>[] PortNumbers { get; }

    public DeviceGauges[] DeviceGauges { get; }
    public LinkGauges[] LinkGauges { get; }
    public LinkGauges[] HostLinkGauges { get; }

    public volatile bool Ready;

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
