using System.Net;
using ActorFabric.Fabric.Topology;
using ActorFabric.Protocols.Bgp.Rib;
using ActorFabric.Protocols.Evpn;
using ActorFabric.Protocols.Multicast.Replication;
using ActorFabric.Protocols.Multicast.Snooping;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.Runtime.Devices;

// BUM optimisation on a leaf: the topology's snooping and Assisted Replication settings become MAC-VRF options,
// join/leave synch routes (RFC 9251 types 7/8) reach the MAC-VRF of their EVI, and the multihoming peers an
// extended-mode AR leaf replicates to follow the segments' ES routes.
internal sealed partial class SwitchActor
{
    // Replicator re-selections and mode changes per VNI since the device was created (show and metrics).
    private long _replicatorChanges;
    private readonly Dictionary<uint, AssistedReplicationChanged> _lastReplicatorChange = [];

    /// <summary>The node's AR role as MAC-VRF options (RFC 9574), with the fabric's settings and policies; Disabled for a regular NVE.</summary>
    private AssistedReplicationOptions AssistedReplicationOptionsOf(FabricNode node)
    {
        if (_topology.AssistedReplication is not { } ar || node.ArRole == ArRole.None) return AssistedReplicationOptions.Disabled;
        var policies = new List<DeterministicReplicatorPolicy>();
        foreach (var p in ar.Policies)
        {
            // A policy without a group matches every group of the family its source (or IPv4) is in.
            var group = p.Group is { } g ? new MulticastPrefix(g.Address, g.Length, g.IsIpv6) : new MulticastPrefix(0xE000_0000, 4, p.Source?.IsIpv6 ?? false);
            if (p.Group is null && p.Source is { IsIpv6: true }) group = new MulticastPrefix((UInt128)0xFF << 120, 8, true);
            policies.Add(new DeterministicReplicatorPolicy(p.Name, group, FabricAddressing.ToIp(p.ReplicatorIp),
                p.Vni == 0 ? null : p.Vni,
                p.Source is { } s ? new MulticastPrefix(s.Address, s.Length, s.IsIpv6) : null,
                p.FallbackIp == 0 ? null : FabricAddressing.ToIp(p.FallbackIp),
                p.Strict));
        }
        return new AssistedReplicationOptions
        {
            Role = node.ArRole == ArRole.Replicator ? AssistedReplicationRole.Replicator : AssistedReplicationRole.Leaf,
            ReplicatorIp = node.ArIp == 0 ? null : FabricAddressing.ToIp(node.ArIp),
            Mode = ar.Mode == ArMode.Extended ? AssistedReplicationMode.Extended : AssistedReplicationMode.Regular,
            LoadBalancing = ar.LoadBalancing == ArLoadBalancing.Vni ? ReplicatorLoadBalancing.ByVni : ReplicatorLoadBalancing.ByGroup,
            ActivationDelay = ar.ActivationDelay,
            Policies = policies,
            AssistUnknownUnicast = ar.UnknownUnicast == ArUnknownUnicast.Replicate,
            ReplicatorIrRole = ar.ReplicatorIrRole == ArReplicatorIrRole.ArReplicator ? ReplicatorIrRouteRole.Replicator : ReplicatorIrRouteRole.RegularNve,
        };
    }

    /// <summary>Snooping options of the node's VLANs (null when it does not snoop); the leaf is the querier, from its VTEP address.</summary>
    private SnoopingOptions? SnoopingOptionsOf(FabricNode node)
    {
        if (!node.Snooping) return null;
        var m = _topology.Multicast;
        return new SnoopingOptions
        {
            Querier = m.Querier,
            QuerierAddressV4 = InetAddress.FromIpv4(new Ipv4Address(node.Vtep)),
            QuerierAddressV6 = InetAddress.FromIpv6(MldAddresses.LinkLocalFromMac(FabricAddressing.DeviceMac(node.Index))),
            Robustness = m.Robustness,
            QueryInterval = m.QueryInterval,
            QueryResponseInterval = m.QueryResponseInterval,
            LastMemberQueryInterval = m.LastMemberQueryInterval,
        };
    }

    /// <summary>
    /// A join or leave synch route (type 7/8) changed: it carries the ES-Import RT and an EVI-RT, no plain RT
    /// (RFC 9251 §9.2, §9.5), so it goes to the MAC-VRF that exports the route target the EVI-RT stands for.
    /// </summary>
    private bool ApplySynchRoute(LocRibChange change, TimeSpan now)
    {
        if (change.Key is not (MulticastMembershipReportSynchRoute or MulticastLeaveSynchRoute)) return false;
        var attributes = (change.NewBest ?? change.OldBest)?.Attributes;
        if (attributes is null) return true;
        foreach (var ec in attributes.ExtendedCommunities)
        {
            if (!ec.IsEviRouteTarget) continue;
            var rt = ec.EviRouteTargetValue;
            foreach (var vrf in _vrfs)
                if (vrf.Options.ExportRouteTargets.Contains(rt)) vrf.ApplySynch(change.Key, withdrawn: change.NewBest is null, now);
        }
        return true;
    }

    /// <summary>
    /// The VTEPs sharing a local Ethernet segment of each VNI (from their ES routes, RFC 7432 §8.1): an extended-mode
    /// AR leaf sends them its BUM itself and falls back to ingress replication when one of them is a replicator.
    /// </summary>
    private void RefreshMultihomingPeers()
    {
        if (_topology.AssistedReplication is null || _node.ArRole == ArRole.None) return;
        foreach (var vrf in _vrfs)
            foreach (var bd in vrf.BridgeDomains)
            {
                var peers = new SortedSet<IPAddress>(Protocols.Bridging.VtepAddressOrder.Instance);
                foreach (var segment in _segments)
                {
                    bool carries = false;
                    foreach (var p in bd.Ports) carries |= p.Esi == segment.Esi;
                    if (carries) peers.UnionWith(segment.Peers);
                }
                vrf.SetMultihomingPeers(bd.Vni, peers);
            }
    }

    private void OnReplicatorChanged(ReplicatorChanged changed)
    {
        _replicatorChanges++;
        _lastReplicatorChange[changed.Change.Vni] = changed.Change;
        _setup.Gauges.ReplicatorChanges = _replicatorChanges;
    }

    // ------------------------------------------------------------------ queries

    private string? NameOf(IPAddress? address) => address is null ? null : NodeName(FabricAddressing.ToUInt(address));

    private AssistedReplicationTable AssistedReplicationNow()
    {
        var instances = new List<AssistedReplicationInstance>();
        foreach (var vrf in _vrfs)
            foreach (var bd in vrf.BridgeDomains)
            {
                if (bd.Assisted is not { } ar) continue;
                var status = ar.Status();
                var replicators = new List<ReplicatorEntry>();
                foreach (var r in status.Replicators)
                    replicators.Add(new ReplicatorEntry(r.ArIp.ToString(), r.IrIp?.ToString(), NameOf(r.ArIp), r.State == ReplicatorActivation.Active,
                        r.AdvertisedMode == AssistedReplicationMode.Extended ? "Extended AR" : "Regular AR"));
                var policies = new List<DeterministicArEntry>();
                foreach (var p in status.Policies) policies.Add(new DeterministicArEntry(p.Name, p.Display, p.InUse?.ToString()));
                _lastReplicatorChange.TryGetValue(bd.Vni, out var last);
                bool changed = _lastReplicatorChange.ContainsKey(bd.Vni);
                instances.Add(new AssistedReplicationInstance(InstanceName(bd.Vni), bd.Vni, RoleText(status.Role), status.ModeText, status.ChosenReplicator?.ToString(),
                    replicators, policies, changed ? last.At.TotalSeconds : null,
                    changed ? $"{last.PreviousMode.ToDisplayString()} ({last.PreviousReplicator?.ToString() ?? "-"}) -> {last.Mode.ToDisplayString()} ({last.Replicator?.ToString() ?? "-"})" : null));
            }
        if (!_node.IsVtep) return new AssistedReplicationTable(_node.Name, "not a VTEP", null, instances, 0);
        return new AssistedReplicationTable(_node.Name, RoleText(_node.ArRole switch
        {
            ArRole.Replicator => AssistedReplicationRole.Replicator,
            ArRole.Leaf => AssistedReplicationRole.Leaf,
            _ => AssistedReplicationRole.None,
        }), _node.ArIp == 0 ? null : FabricAddressing.Dotted(_node.ArIp), instances, _replicatorChanges);
    }

    private static string RoleText(AssistedReplicationRole role) => role switch
    {
        AssistedReplicationRole.Replicator => "AR Replicator",
        AssistedReplicationRole.Leaf => "AR Leaf",
        _ => "Regular NVE",
    };

    private string InstanceName(uint vni)
    {
        foreach (var vrf in _topology.MacVrfs)
            foreach (var d in vrf.BroadcastDomains)
                if (_topology.BroadcastDomains[d].Vni == vni) return vrf.Name;
        return "vni-" + vni;
    }

    private SnoopingProxyTable SnoopingProxyNow()
    {
        var rows = new List<SnoopingProxyEntry>();
        var now = Now;
        foreach (var vrf in _vrfs)
        {
            var states = vrf.SnoopingState(now);
            foreach (var bd in vrf.BridgeDomains)
            {
                // (S,G) keys from local memberships and from remote SMET routes, merged.
                var keys = new SortedDictionary<(string Group, string Source), (SortedSet<string> Local, SortedSet<string> Remote, string Version)>();
                foreach (var (domain, memberships) in states)
                {
                    if (domain != bd) continue;
                    foreach (var m in memberships)
                    {
                        var key = (m.Group.ToString(), m.Source?.ToString() ?? (m.Group.Family == IpFamily.V4 ? "0.0.0.0" : "::"));
                        if (!keys.TryGetValue(key, out var entry)) keys[key] = entry = ([], [], m.Version.ToString());
                        entry.Local.Add("eth" + m.Port.Value);
                    }
                }
                foreach (var (route, vtep) in bd.Interest.Routes())
                {
                    var key = (route.Group.ToString(), route.Source?.ToString() ?? (route.Group.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? "0.0.0.0" : "::"));
                    if (!keys.TryGetValue(key, out var entry)) keys[key] = entry = ([], [], route.Flags.ToString());
                    entry.Remote.Add(NameOf(vtep) is { } name ? $"{vtep} ({name})" : vtep.ToString());
                }
                foreach (var ((group, source), (local, remote, version)) in keys)
                    rows.Add(new SnoopingProxyEntry(InstanceName(bd.Vni), bd.Vni, group, source, [.. local], [.. remote], version, DeterministicAr(bd, group, source)));
            }
        }
        return new SnoopingProxyTable(_node.Name, _node.Snooping, rows);
    }

    /// <summary>The first deterministic AR policy matching (S,G) on the VNI, as Mode/Preferred/Fallback; null without one (N/A).</summary>
    private static string? DeterministicAr(Protocols.Bridging.BridgeDomain bd, string group, string source)
    {
        if (bd.Assisted is not { } ar) return null;
        var s = IPAddress.Parse(source);
        var flow = MulticastFlow.Of(s.Equals(IPAddress.Any) || s.Equals(IPAddress.IPv6Any) ? null : s, IPAddress.Parse(group));
        foreach (var p in ar.Status().Policies)
        {
            var policy = ar.Options.Policies.First(x => x.Name == p.Name);
            if (policy.Matches(bd.Vni, flow)) return p.Display;
        }
        return null;
    }

    private ReplicationAccounting ReplicationNow()
    {
        if (_dataPlane is not { } dp) return new ReplicationAccounting(_node.Name, 0, 0, 0, 0, 0, 0, [], []);
        var counters = dp.Counters();
        var ports = new List<ReplicationPort>();
        foreach (var p in counters.Ports)
        {
            if (p.BumFramesOut == 0) continue;
            string? link = _fabricNeighbors.TryGetValue(p.Port.Value, out var n) ? _topology.Nodes[n].Name : HostOnPort(p.Port.Value);
            ports.Add(new ReplicationPort("eth" + p.Port.Value, link, p.IsFabric, p.BumFramesOut, p.BumBytesOut));
        }
        return new ReplicationAccounting(_node.Name, _bumBase + counters.BumCopies, counters.BumLocalCopies, _bumBytesBase + dp.BumFabricBytes,
            dp.AssistedReceived, dp.AssistedCopies, counters.DropCount(DataPlane.DataPlaneDropReason.ArLeafWithoutSnooping), ports, dp.MulticastFlows());
    }

    private string? HostOnPort(int port)
    {
        foreach (var h in _topology.HostsOn(_node.Index))
            if (h.Port == "eth" + port) return h.Name;
        return null;
    }
}
