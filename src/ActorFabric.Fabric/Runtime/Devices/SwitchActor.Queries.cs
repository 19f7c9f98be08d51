using System.Net;
using ActorFabric.Fabric.Runtime.Messages;
using ActorFabric.Protocols.Bgp.Rib;
using ActorFabric.Protocols.Bgp.Speaker;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Fabric.Runtime.Devices;

// Answers to facade queries: serializable records built from the machines' state (allocations are fine here).
internal sealed partial class SwitchActor
{
    private Dictionary<uint, string>? _nodeByAddress;

    private object Answer(DeviceQuery q) => q.Kind switch
    {
        DeviceQueryKind.BgpSummary => BgpSummaryNow(),
        DeviceQueryKind.EvpnMac => EvpnMacNow(q.Vni),
        DeviceQueryKind.EvpnDatabase => EvpnDatabaseNow(),
        DeviceQueryKind.RouteTable => RouteTableNow(),
        DeviceQueryKind.VxlanTunnels => TunnelsNow(),
        DeviceQueryKind.Fdb => FdbNow(),
        DeviceQueryKind.UnderlayRoutes => UnderlayNow(),
        DeviceQueryKind.EthernetSegments => EthernetSegmentsNow(),
        DeviceQueryKind.AssistedReplication => AssistedReplicationNow(),
        DeviceQueryKind.SnoopingProxy => SnoopingProxyNow(),
        DeviceQueryKind.Replication => ReplicationNow(),
        DeviceQueryKind.Routing => RoutingStateNow(),
        DeviceQueryKind.Oism => OismNow(),
        DeviceQueryKind.StateDigest => DeviceStateDigest.Of(_node.Name, RouteTableNow(), _node.IsVtep ? FdbNow() : null),
        DeviceQueryKind.DataPlaneCounters => (object?)_dataPlane?.Counters() ?? new DataPlane.DataPlaneCounters(_node.Name, [], 0, 0, 0, 0, 0, 0, 0, 0, new Dictionary<DataPlane.DataPlaneDropReason, long>()),
        _ => throw new ArgumentOutOfRangeException(nameof(q)),
    };

    private string? NodeName(uint address)
    {
        if (_nodeByAddress is null)
        {
            _nodeByAddress = [];
            foreach (var n in _topology.Nodes)
            {
                _nodeByAddress.TryAdd(n.Loopback, n.Name);
                _nodeByAddress.TryAdd(n.RouterId, n.Name);
                if (n.Vtep != 0) _nodeByAddress.TryAdd(n.Vtep, n.Name);
                if (n.ArIp != 0) _nodeByAddress.TryAdd(n.ArIp, n.Name);
            }
        }
        return _nodeByAddress.GetValueOrDefault(address);
    }

    private BgpSummary BgpSummaryNow()
    {
        var peers = new List<BgpPeerSummary>();
        if (_bgp is { } bgp)
        {
            var active = new Dictionary<BgpPathSource, int>();
            foreach (var best in bgp.LocRib.BestPaths) active[best.Source] = active.GetValueOrDefault(best.Source) + 1;
            foreach (var p in bgp.Peers)
            {
                _history.TryGetValue(p, out var h);
                string? bfd = _bfdByPeer.TryGetValue(p, out var b) ? b.Session.State.ToString() : null;
                peers.Add(new BgpPeerSummary(p.Address.ToString(), h?.Device, p.ConfiguredPeerAs ?? 0, p.State.ToString(), bfd,
                    h?.LastChange ?? TimeSpan.Zero, h?.Flaps ?? 0, p.Counters.MessagesReceived, p.Counters.MessagesSent,
                    p.AdjRibIn.Count, active.GetValueOrDefault(p.Source)) { UpdatesSent = p.Counters.UpdatesSent });
            }
        }
        return new BgpSummary(_node.Name, _node.Asn, FabricAddressing.Dotted(_node.RouterId), peers);
    }

    private IEnumerable<(BridgeDomain Domain, Protocols.Evpn.MacVrf Vrf)> Domains(uint? vni)
    {
        foreach (var vrf in _vrfs)
            foreach (var bd in vrf.BridgeDomains)
                if (vni is null || bd.Vni == vni) yield return (bd, vrf);
    }

    /// <summary>(VNI, MAC) → (IPs, remote sequence, sticky) from the type-2 routes the MAC-VRFs imported.</summary>
    private Dictionary<(uint, ulong), (List<string> Ips, uint Sequence, bool Sticky)> RemoteMacInfo()
    {
        var map = new Dictionary<(uint, ulong), (List<string>, uint, bool)>();
        if (_bgp is null) return map;
        foreach (var vrf in _vrfs)
            foreach (var r in vrf.ImportedMacRoutes())
            {
                var key = (r.Vni, r.Route.Mac.Value);
                if (!map.TryGetValue(key, out var entry)) entry = ([], 0, false);
                if (r.Route.Ip is { } ip) entry.Item1.Add(ip.ToString());
                entry.Item2 = Math.Max(entry.Item2, r.Sequence);
                entry.Item3 |= r.Sticky;
                map[key] = entry;
            }
        return map;
    }

    private EvpnMacTable EvpnMacNow(uint? vni)
    {
        var remote = RemoteMacInfo();
        var rows = new List<EvpnMacEntry>();
        foreach (var (bd, vrf) in Domains(vni))
        {
            var ips = new Dictionary<ulong, string>();
            foreach (var (ip, mac) in bd.ArpTable.Snapshot(bd.Fdb)) ips.TryAdd(mac.Value, ip.ToString());
            var entries = new List<FdbEntry>(bd.FdbSnapshot());
            entries.Sort((a, b) => a.Mac.CompareTo(b.Mac));
            foreach (var e in entries)
            {
                bool local = e.IsLocal;
                var info = remote.GetValueOrDefault((bd.Vni, e.Mac.Value));
                uint seq = local ? vrf.LocalSequence(bd.Vni, e.Mac) ?? 0 : info.Sequence;
                bool sticky = local ? e.Kind == FdbEntryKind.Static : info.Sticky;
                rows.Add(new EvpnMacEntry(bd.Vni, e.Mac.ToString(), local ? "local" : "remote", local ? "eth" + e.Port.Value : null,
                    e.Vtep?.ToString(), ips.GetValueOrDefault(e.Mac.Value), seq, vrf.IsDuplicate(bd.Vni, e.Mac),
                    sticky, _stickyConflicts.GetValueOrDefault((bd.Vni, e.Mac.Value))));
            }
        }
        return new EvpnMacTable(_node.Name, vni, rows);
    }

    private EvpnDatabase EvpnDatabaseNow()
    {
        var table = EvpnMacNow(null);
        var remote = RemoteMacInfo();
        var rows = new List<EvpnDatabaseEntry>();
        foreach (var e in table.Entries)
        {
            var ips = new List<string>();
            if (e.Ip is not null) ips.Add(e.Ip);
            if (remote.TryGetValue((e.Vni, Wire.Packets.MacAddress.Parse(e.Mac).Value), out var info))
                foreach (var ip in info.Ips) if (!ips.Contains(ip)) ips.Add(ip);
            rows.Add(new EvpnDatabaseEntry(e.Vni, e.Mac, e.Interface ?? e.RemoteVtep ?? "?", ips, e.Sequence, e.Duplicate));
        }
        return new EvpnDatabase(_node.Name, rows);
    }

    private RouteTable RouteTableNow()
    {
        var rows = new List<RouteEntry>();
        if (_bgp is { } bgp)
        {
            var bests = new List<BgpPath>(bgp.LocRib.BestPaths);
            bests.Sort((a, b) => string.CompareOrdinal(Prefix(a.Route), Prefix(b.Route)));
            foreach (var best in bests)
            {
                foreach (var path in bgp.LocRib.GetPaths(best.Route))
                {
                    var a = path.Attributes;
                    var rts = new List<string>();
                    var communities = new List<string>();
                    foreach (var ec in a.ExtendedCommunities)
                    {
                        if (ec.IsRouteTarget) rts.Add(ec.ToString());
                        else communities.Add(ec.ToString());
                    }
                    var cluster = new List<string>();
                    foreach (var c in a.ClusterList) cluster.Add(FabricAddressing.Dotted(c));
                    string? mac = null, ip = null;
                    uint tag = 0;
                    switch (path.Route)
                    {
                        case MacIpAdvertisementRoute m: mac = m.Mac.ToString(); ip = m.Ip?.ToString(); tag = m.EthernetTag; break;
                        case InclusiveMulticastRoute im: ip = im.OriginatorIp.ToString(); tag = im.EthernetTag; break;
                        case EthernetAutoDiscoveryRoute ad: tag = ad.EthernetTag; break;
                        case EthernetSegmentRoute es: ip = es.OriginatorIp.ToString(); break;
                        case SelectiveMulticastRoute sm: ip = sm.Group.ToString(); tag = sm.EthernetTag; break;
                        case MulticastMembershipReportSynchRoute js: ip = js.Group.ToString(); tag = js.EthernetTag; break;
                        case MulticastLeaveSynchRoute ls: ip = ls.Group.ToString(); tag = ls.EthernetTag; break;
                    }
                    uint? vni = path.Route is MacIpAdvertisementRoute mr ? mr.Label1 : null;
                    uint seq = Protocols.Evpn.MacMobility.Read(a).Sequence;
                    rows.Add(new RouteEntry(Prefix(path.Route), (int)path.Route.RouteType, path.Route.Rd.ToString(), tag, mac, ip,
                        path.NextHop.ToString(), path.Source.IsLocal ? "local" : path.Source.ToString() ?? "?", ReferenceEquals(path, best),
                        a.LocalPref ?? 100, a.OriginatorId is { } o ? FabricAddressing.Dotted(o) : null, cluster, rts, vni,
                        seq == 0 ? null : seq, a.PmsiTunnel?.ToString(), communities));
                }
            }
        }
        return new RouteTable(_node.Name, "bgp.evpn.0", rows);
    }

    /// <summary>Junos-style EVPN prefix text (type:RD::tag::MAC::IP/304 for type 2, type:RD::tag::IP/248 for type 3).</summary>
    private static string Prefix(EvpnRoute route) => route switch
    {
        MacIpAdvertisementRoute m => $"2:{m.Rd}::{m.EthernetTag}::{m.Mac}" + (m.Ip is { } ip ? $"::{ip}" : "") + "/304",
        InclusiveMulticastRoute im => $"3:{im.Rd}::{im.EthernetTag}::{im.OriginatorIp}/248",
        _ => $"{(int)route.RouteType}:{route.Rd}::{route}",
    };

    private VxlanTunnelTable TunnelsNow()
    {
        var vnis = new SortedDictionary<uint, SortedSet<uint>>();
        var macs = new Dictionary<uint, int>();
        foreach (var (bd, _) in Domains(null))
        {
            foreach (var m in bd.FloodList.Members)
            {
                uint vtep = FabricAddressing.ToUInt(m.NextHop);
                if (!vnis.TryGetValue(vtep, out var set)) vnis[vtep] = set = [];
                set.Add(bd.Vni);
            }
            foreach (var e in bd.Fdb.Values)
                if (e.IsRemote && e.Vtep is { } v) { uint k = FabricAddressing.ToUInt(v); macs[k] = macs.GetValueOrDefault(k) + 1; }
        }
        foreach (var k in macs.Keys) if (!vnis.ContainsKey(k)) vnis[k] = [];
        var rows = new List<VxlanTunnel>();
        foreach (var (vtep, set) in vnis)
            rows.Add(new VxlanTunnel(FabricAddressing.Dotted(vtep), NodeName(vtep), [.. set], macs.GetValueOrDefault(vtep)));
        return new VxlanTunnelTable(_node.Name, FabricAddressing.Dotted(_node.Vtep), rows);
    }

    private FdbTable FdbNow()
    {
        var rows = new List<FdbRow>();
        foreach (var (bd, _) in Domains(null))
        {
            var entries = new List<FdbEntry>(bd.FdbSnapshot());
            entries.Sort((a, b) => a.Mac.CompareTo(b.Mac));
            foreach (var e in entries)
                rows.Add(new FdbRow(bd.Vlan, bd.Vni, e.Mac.ToString(), e.Kind.ToString(), e.IsLocal ? "eth" + e.Port.Value : null, e.Vtep?.ToString()));
        }
        return new FdbTable(_node.Name, rows);
    }

    private UnderlayRouteList UnderlayNow()
    {
        var rows = new List<UnderlayRouteRow>();
        if (_dataPlane is { } dp)
        {
            foreach (var r in dp.Underlay.Routes)
            {
                var hops = new List<UnderlayNextHopRow>();
                foreach (var h in r.NextHops) hops.Add(new UnderlayNextHopRow("eth" + h.InterfaceId, NodeName(h.NeighborRouterId) ?? FabricAddressing.Dotted(h.NeighborRouterId)));
                rows.Add(new UnderlayRouteRow($"{FabricAddressing.Dotted(r.Prefix.Address)}/{r.Prefix.Length}", (uint)r.Metric, r.IsLocal, hops));
            }
        }
        return new UnderlayRouteList(_node.Name, rows);
    }
}
