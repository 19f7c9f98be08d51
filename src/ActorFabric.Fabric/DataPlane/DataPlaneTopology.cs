using ActorFabric.Fabric.Hosts;
using ActorFabric.Fabric.Topology;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.DataPlane;

/// <summary>
/// Derives data-plane and host configuration from the topology model, so the runtime and tests agree on port ids
/// and MACs. Port ids: <c>ethN</c> is <c>N</c>; any other name gets 1,000,000 + its rank among the node's other
/// names (ordinal order), which keeps ids stable and distinct. Fabric MACs: 02:fa + the router id (locally
/// administered, apart from the topology's auto host MACs 02:af:…).
/// </summary>
public static class DataPlaneTopology
{
    private const int NamedPortBase = 1_000_000;

    public static MacAddress FabricMacOf(FabricNode node) => FabricMacOf(node.RouterId);

    public static MacAddress FabricMacOf(uint routerId) => new(0x02FA_0000_0000UL | routerId);

    /// <summary>
    /// Options for node <paramref name="nodeIndex"/>: one fabric port per link (neighbour router id and fabric MAC),
    /// one untagged access port per attached host in the host's VLAN, and the given EVPN instances (empty for spines).
    /// Links that are administratively down are still configured (the underlay decides whether they carry traffic).
    /// </summary>
    public static SwitchDataPlaneConfiguration ForNode(FabricTopology topology, int nodeIndex, IReadOnlyList<MacVrf> macVrfs)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var node = topology.Nodes[nodeIndex];
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var li in topology.LinksOf(nodeIndex)) names.Add(topology.Links[li].PortOf(nodeIndex));
        foreach (var h in topology.HostsOn(nodeIndex)) names.Add(h.Port);
        var ids = new Dictionary<string, PortId>(StringComparer.Ordinal);
        int named = 0;
        foreach (var name in names)
        {
            int n = PortNames.EthNumber(name);
            ids[name] = new PortId(n >= 0 ? n : NamedPortBase + named++);
        }

        var fabric = new List<FabricPort>();
        foreach (var li in topology.LinksOf(nodeIndex))
        {
            var link = topology.Links[li];
            var peer = topology.Nodes[link.Peer(nodeIndex)];
            fabric.Add(new FabricPort(ids[link.PortOf(nodeIndex)], peer.RouterId, FabricMacOf(peer)));
        }
        fabric.Sort((a, b) => a.Port.CompareTo(b.Port));
        var access = new List<AccessPort>();
        foreach (var h in topology.HostsOn(nodeIndex)) access.Add(new AccessPort(ids[h.Port], h.Vlan));
        access.Sort((a, b) => a.Port.CompareTo(b.Port));

        var options = new SwitchDataPlaneOptions
        {
            Name = node.Name,
            RouterId = node.RouterId,
            Loopback = node.Loopback,
            Vtep = node.IsVtep ? node.Vtep : 0,
            FabricMac = FabricMacOf(node),
            FabricPorts = fabric,
            AccessPorts = access,
            MacVrfs = macVrfs,
        };
        return new SwitchDataPlaneConfiguration(options, ids);
    }

    /// <summary>Host stack options for a topology host (untagged, on-link subnet of its broadcast domain, no gateway).</summary>
    public static EmulatedHostOptions HostOptions(FabricHost host) => new()
    {
        Name = host.Name,
        Mac = new MacAddress(host.Mac),
        Address = new Ipv4Address(host.Ipv4),
        PrefixLength = host.PrefixLength,
    };
}
