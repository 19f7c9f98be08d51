using System.Net;
using ActorFabric.Protocols.Multicast.Replication;
using ActorFabric.Protocols.Multicast.Snooping;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Bridging;

/// <summary>
/// One broadcast domain (bridge table) of a MAC-VRF: a VLAN on the access side mapped to a VNI in the
/// fabric. Holds the FDB, the attached access ports, the flood list of remote VTEPs and the ARP-suppression
/// table. The owning <see cref="Evpn.MacVrf"/> is the only writer; the data plane reads through the
/// allocation-free members (<see cref="TryLookup"/>, <see cref="CopyFloodPorts"/>, <see cref="FloodTargets"/>).
/// </summary>
public sealed class BridgeDomain
{
    // Compact values (16 bytes) beside the MAC key: the FDB is the biggest table of a leaf. Non-zero ESIs aside.
    private readonly Dictionary<MacAddress, FdbSlot> _fdb = [];
    private Dictionary<MacAddress, EthernetSegmentId>? _esis;
    private AttachedPort[] _ports = [];

    public BridgeDomain(ushort vlan, uint vni, uint ethernetTag)
    {
        if (vni > 0xFF_FFFF) throw new ArgumentOutOfRangeException(nameof(vni), "a VNI is 24 bits (RFC 7348 §5)");
        Vlan = vlan;
        Vni = vni;
        EthernetTag = ethernetTag;
        Fdb = new FdbView(this);
    }

    public ushort Vlan { get; }
    public uint Vni { get; }
    /// <summary>Ethernet Tag ID in this domain's routes: 0 for VLAN-based service, the VNI in a VLAN-aware bundle (RFC 8365 §5.1.3).</summary>
    public uint EthernetTag { get; }

    public FloodList FloodList { get; } = new();
    public ArpSuppressionTable ArpTable { get; } = new();
    /// <summary>How BUM copies into the fabric are chosen; ingress replication unless replaced (e.g. by Assisted Replication).</summary>
    public IBumReplication Replication { get; set; } = IngressReplication.Instance;
    /// <summary>Which local ports may emit BUM; all unless replaced (DF election / local bias for multihoming).</summary>
    public IBumEgressFilter EgressFilter { get; set; } = PermitAllEgress.Instance;

    /// <summary>Which remote VTEPs want which multicast flows (SMET type-6 routes, RFC 9251 §8).</summary>
    public SelectiveMulticastInterest Interest { get; } = new();
    /// <summary>The Assisted Replication policy when this VTEP has an AR role (also <see cref="Replication"/>); null for a regular NVE.</summary>
    public AssistedReplication? Assisted { get; internal set; }
    /// <summary>IGMP/MLD snooping of the domain; null: multicast floods to every port.</summary>
    public MulticastSnooping? Snooping { get; internal set; }

    /// <summary>
    /// Fabric copies of multicast data (<paramref name="flow"/>) entering on a local port: SMET-pruned ingress
    /// replication (RFC 9251 §8), or one copy to a replicator under Assisted Replication. Allocation-free.
    /// </summary>
    public ReadOnlySpan<FloodTarget> MulticastTargets(in MulticastFlow flow) =>
        Assisted is { } ar ? ar.SelectMulticastTargets(FloodList, flow) : Interest.IngressReplicationTargets(FloodList, flow);

    /// <summary>Single-active segments' gate (null: no multihoming here, nothing blocked).</summary>
    public ISegmentGate? SegmentGate { get; set; }

    /// <summary>True when <paramref name="esi"/> is a segment whose port may not carry this domain's traffic here.</summary>
    public bool SegmentBlocked(EthernetSegmentId esi) => !esi.IsZero && SegmentGate is { } gate && gate.Blocks(Vni, esi);

    /// <summary>The FDB as a read-only map; entries are built on access from the compact stored form.</summary>
    public IReadOnlyDictionary<MacAddress, FdbEntry> Fdb { get; }
    public int PortCount => _ports.Length;

    public bool TryLookup(MacAddress mac, out FdbEntry entry)
    {
        if (!_fdb.TryGetValue(mac, out var slot))
        {
            entry = default;
            return false;
        }
        entry = Expand(mac, slot);
        return true;
    }

    /// <summary>FDB entries sorted by MAC, for inspection and tests (allocates).</summary>
    public IReadOnlyList<FdbEntry> FdbSnapshot()
    {
        var list = new List<FdbEntry>(_fdb.Count);
        foreach (var (mac, slot) in _fdb) list.Add(Expand(mac, slot));
        list.Sort((a, b) => a.Mac.CompareTo(b.Mac));
        return list;
    }

    /// <summary>Ports attached to this domain, in port order.</summary>
    public ReadOnlySpan<AttachedPort> Ports => _ports;

    public bool HasPort(PortId port) => IndexOfPort(port) >= 0;

    public bool TryGetPort(PortId port, out AttachedPort attached)
    {
        var i = IndexOfPort(port);
        attached = i >= 0 ? _ports[i] : default;
        return i >= 0;
    }

    /// <summary>
    /// Writes the local ports that receive a copy of a flooded frame into <paramref name="destination"/> (size it
    /// with <see cref="PortCount"/>) and returns how many: every attached port except the ingress one, that the
    /// egress filter permits. Frames from the fabric go to local ports only (RFC 8365 §8.3.1).
    /// </summary>
    public int CopyFloodPorts(in ForwardingDecision decision, Span<PortId> destination)
    {
        int n = 0;
        foreach (var p in _ports)
        {
            if (decision.IngressPort is { } ingress && ingress == p.Port) continue;
            if (!EgressFilter.Permits(Vni, p.Port, p.Esi, decision.SourceVtep)) continue;
            destination[n++] = p.Port;
        }
        return n;
    }

    /// <summary>Remote VTEP copies of a flooded frame; always empty for frames that came from the fabric (split horizon, RFC 7432 §12).</summary>
    public ReadOnlySpan<FloodTarget> FloodTargets(in ForwardingDecision decision) =>
        decision.FromFabric ? ReadOnlySpan<FloodTarget>.Empty : Replication.SelectTargets(FloodList, decision.BumKind);

    internal bool AttachPort(PortId port, EthernetSegmentId esi)
    {
        var i = IndexOfPort(port);
        if (i >= 0)
        {
            if (_ports[i].Esi == esi) return false;
            _ports[i] = new AttachedPort(port, esi);
            return true;
        }
        var ports = new AttachedPort[_ports.Length + 1];
        _ports.CopyTo(ports, 0);
        ports[^1] = new AttachedPort(port, esi);
        Array.Sort(ports, (a, b) => a.Port.CompareTo(b.Port));
        _ports = ports;
        return true;
    }

    internal bool DetachPort(PortId port)
    {
        var i = IndexOfPort(port);
        if (i < 0) return false;
        var ports = new AttachedPort[_ports.Length - 1];
        _ports.AsSpan(0, i).CopyTo(ports);
        _ports.AsSpan(i + 1).CopyTo(ports.AsSpan(i));
        _ports = ports;
        return true;
    }

    internal void SetFdb(FdbEntry entry)
    {
        var slot = new FdbSlot(entry);
        _fdb[entry.Mac] = slot;
        if (slot.HasEsi) (_esis ??= [])[entry.Mac] = entry.Esi;
        else _esis?.Remove(entry.Mac);
    }

    internal bool RemoveFdb(MacAddress mac)
    {
        if (!_fdb.Remove(mac, out var slot)) return false;
        if (slot.HasEsi) _esis!.Remove(mac);
        return true;
    }

    private FdbEntry Expand(MacAddress mac, in FdbSlot slot) => slot.ToEntry(mac, slot.HasEsi ? _esis![mac] : default);

    private int IndexOfPort(PortId port)
    {
        for (int i = 0; i < _ports.Length; i++)
            if (_ports[i].Port == port) return i;
        return -1;
    }

    public override string ToString() => $"vlan {Vlan} vni {Vni}";

    /// <summary>The FDB seen as MAC → <see cref="FdbEntry"/>, in the stored dictionary's order.</summary>
    private sealed class FdbView(BridgeDomain owner) : IReadOnlyDictionary<MacAddress, FdbEntry>
    {
        public FdbEntry this[MacAddress key] => owner.TryLookup(key, out var e) ? e : throw new KeyNotFoundException($"{key} is not in the FDB");
        public IEnumerable<MacAddress> Keys => owner._fdb.Keys;
        public IEnumerable<FdbEntry> Values { get { foreach (var (mac, slot) in owner._fdb) yield return owner.Expand(mac, slot); } }
        public int Count => owner._fdb.Count;
        public bool ContainsKey(MacAddress key) => owner._fdb.ContainsKey(key);
        public bool TryGetValue(MacAddress key, out FdbEntry value) => owner.TryLookup(key, out value);

        public IEnumerator<KeyValuePair<MacAddress, FdbEntry>> GetEnumerator()
        {
            foreach (var (mac, slot) in owner._fdb) yield return new(mac, owner.Expand(mac, slot));
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

