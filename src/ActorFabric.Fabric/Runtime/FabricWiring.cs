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
            access.Add(new PortVlan(port, h.Vlan, h.StaticMac ? h.Mac : 0, SegmentEsi(h), h.IsMultihomed ? h.Mac : 0));
        }
        foreach (int e in topology.SegmentLinksOnLeaf(device))
        {
            var sl = topology.SegmentLinks[e];
            var h = topology.Hosts[sl.Host];
            links.Add(new PortLink(directory.SegmentLinkPorts[e], link(sl.Index), 1));
            access.Add(new PortVlan(directory.SegmentLinkPorts[e], h.Vlan, Esi: SegmentEsi(h), SegmentHostMac: h.Mac));
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

    /// <summary>
    /// A host and the access link it carries (side A the host, side B the leaf port); a multihomed host also gets the
    /// refs of its other LAG links (<paramref name="link"/> by link index).
    /// </summary>
    public HostSetup HostOf(int host, Func<int, IActorRef> device, Func<int, IActorRef> link, IActorRef pathTraces, bool announce)
    {
        var h = topology.Hosts[host];
        var access = new LinkSetup(topology.Links.Length + h.Index, ActorRefs.Nobody, 0, device(h.Leaf), directory.HostPort[host],
            topology.Settings.DefaultLinkLatency, 0, true, seed, directory.HostLinkGauges[host]);
        var members = new List<IActorRef>();
        foreach (int e in topology.SegmentLinksOf(h.Index)) members.Add(link(topology.SegmentLinks[e].Index));
        return new HostSetup(h, pathTraces, announce, topology.Settings.MacAging / 2, access, [.. members]);
    }

    /// <summary>
    /// LAG link <paramref name="position"/> of <see cref="FabricTopology.SegmentLinks"/>: side A the host (member
    /// number as its port), side B the leaf port. <paramref name="host"/> may give Nobody: the host then claims side A
    /// with <see cref="Messages.LinkEndA"/> when it starts.
    /// </summary>
    public LinkSetup SegmentLinkOf(int position, Func<int, IActorRef> device, Func<int, IActorRef> host)
    {
        var sl = topology.SegmentLinks[position];
        return new LinkSetup(sl.Index, host(sl.Host), sl.Member, device(sl.Leaf), directory.SegmentLinkPorts[position],
            topology.Settings.DefaultLinkLatency, 0, true, seed, directory.SegmentLinkGauges[position]);
    }

    private Wire.Bgp.EthernetSegmentId SegmentEsi(FabricHost h) => h.IsMultihomed ? topology.EthernetSegments[h.Segment].Esi : default;
}
