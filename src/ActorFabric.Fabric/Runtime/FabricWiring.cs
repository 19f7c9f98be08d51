using Akka.Actor;
using ActorFabric.Fabric.Runtime.Devices;
using ActorFabric.Fabric.Runtime.Links;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// How each actor of a fabric is wired, given how to reach the others: the supervisor passes the refs of its
/// children, a cluster node passes location-transparent entity refs. One place for port numbers and link sides, so a
/// device is wired the same way wherever it runs.
/// </summary>
internal sealed class FabricWiring(FabricTopology topology, FabricDirectory directory, int seed)
{
    /// <summary>A device's boot message: its fabric links (in link order), then its hosts' access links (in host order).</summary>
    public DeviceBoot BootOf(int device, Func<int, IActorRef> link, Func<int, IActorRef> host)
    {
        var links = new List<PortLink>();
        var neighbors = new List<PortNeighbor>();
        var access = new List<PortVlan>();
        foreach (int l in topology.LinksOf(device))
        {
            var fl = topology.Links[l];
            var (aPort, bPort) = directory.LinkPorts[l];
            if (fl.A == device)
            {
                links.Add(new PortLink(aPort, link(l), 0));
                neighbors.Add(new PortNeighbor(aPort, fl.B));
            }
            else
            {
                links.Add(new PortLink(bPort, link(l), 1));
                neighbors.Add(new PortNeighbor(bPort, fl.A));
            }
        }
        foreach (var h in topology.HostsOn(device))
        {
            int port = directory.HostPort[h.Index];
            links.Add(new PortLink(port, host(h.Index), 1));
            access.Add(new PortVlan(port, h.Vlan, h.StaticMac ? h.Mac : 0));
        }
        return new DeviceBoot([.. links], [.. neighbors], [.. access], []);
    }

    /// <summary>A fabric link's cable between its two devices.</summary>
    public LinkSetup LinkOf(int link, Func<int, IActorRef> device)
    {
        var l = topology.Links[link];
        var (aPort, bPort) = directory.LinkPorts[link];
        return new LinkSetup(l.Index, device(l.A), aPort, device(l.B), bPort, l.Latency, l.Loss, l.State == LinkState.Up, seed, directory.LinkGauges[link]);
    }

    /// <summary>A host and the access link it carries (side A the host, side B the leaf port).</summary>
    public HostSetup HostOf(int host, Func<int, IActorRef> device, IActorRef pathTraces, bool announce)
    {
        var h = topology.Hosts[host];
        var link = new LinkSetup(topology.Links.Length + h.Index, ActorRefs.Nobody, 0, device(h.Leaf), directory.HostPort[host],
            topology.Settings.DefaultLinkLatency, 0, true, seed, directory.HostLinkGauges[host]);
        return new HostSetup(h, pathTraces, announce, topology.Settings.MacAging / 2, link);
    }
}
