using System.Net;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Bridging;

/// <summary>
/// IP → MAC bindings of one bridge domain used to answer ARP requests / Neighbor Solicitations on behalf of
/// hosts (RFC 7432 §10). A binding has one or more sources: local snooping (no VTEP) or a remote MAC/IP route
/// (its VTEP). During a move several sources can coexist; a local source wins, then the source that agrees
/// with the FDB, then the lowest VTEP. Removing one source (a MAC+IP withdrawal) leaves the others in place
/// (RFC 7432 §10: withdrawing MAC+IP removes only that binding).
/// </summary>
public sealed class ArpSuppressionTable
{
    // Almost every IP has one source, kept inline in a 16-byte value; only an IP in the middle of a move gets a list.
    private readonly Dictionary<IPAddress, Sources> _bindings = [];

    public int Count => _bindings.Count;

    internal void Add(IPAddress ip, MacAddress mac, IPAddress? vtep)
    {
        ref var sources = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_bindings, ip, out bool existed);
        if (!existed)
        {
            sources = Sources.Single(mac, vtep);
            return;
        }
        if (sources.Several is { } several)
        {
            foreach (var s in several)
                if (s.Matches(mac, vtep)) return;
            several.Add(new IpBindingSource(mac, vtep));
            return;
        }
        var only = sources.Only;
        if (only.Matches(mac, vtep)) return;
        sources = Sources.Of([only, new IpBindingSource(mac, vtep)]);
    }

    internal void Remove(IPAddress ip, MacAddress mac, IPAddress? vtep)
    {
        ref var sources = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(_bindings, ip);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref sources)) return;
        if (sources.Several is not { } several)
        {
            if (sources.Only.Matches(mac, vtep)) _bindings.Remove(ip);
            return;
        }
        for (int i = 0; i < several.Count; i++)
        {
            if (!several[i].Matches(mac, vtep)) continue;
            several.RemoveAt(i);
            break;
        }
        // The remaining sources keep their arrival order; a last one goes back inline.
        if (several.Count == 1) sources = Sources.Single(several[0].Mac, several[0].Vtep);
    }

    /// <summary>The MAC that owns <paramref name="ip"/>, if any source is known. <paramref name="fdb"/> breaks ties between remote sources.</summary>
    public bool TryResolve(IPAddress ip, IReadOnlyDictionary<MacAddress, FdbEntry> fdb, out MacAddress mac)
    {
        mac = default;
        if (!_bindings.TryGetValue(ip, out var sources)) return false;
        if (sources.Several is not { } several)
        {
            mac = sources.Only.Mac;
            return true;
        }
        IpBindingSource? best = null;
        int bestRank = int.MaxValue;
        foreach (var s in several)
        {
            int rank = s.Vtep is null ? 0 : fdb.TryGetValue(s.Mac, out var e) && e.IsRemote && s.Vtep.Equals(e.Vtep) ? 1 : 2;
            if (rank < bestRank || (rank == bestRank && best is { } b && VtepAddressOrder.Instance.Compare(s.Vtep, b.Vtep) < 0))
            {
                best = s;
                bestRank = rank;
            }
        }
        mac = best!.Value.Mac;
        return true;
    }

    /// <summary>Every (IP, MAC) pair currently resolvable, sorted by IP, for inspection and tests.</summary>
    public IReadOnlyList<(IPAddress Ip, MacAddress Mac)> Snapshot(IReadOnlyDictionary<MacAddress, FdbEntry> fdb)
    {
        var list = new List<(IPAddress, MacAddress)>(_bindings.Count);
        foreach (var ip in _bindings.Keys)
            if (TryResolve(ip, fdb, out var mac)) list.Add((ip, mac));
        list.Sort((a, b) => VtepAddressOrder.Instance.Compare(a.Item1, b.Item1));
        return list;
    }

    private readonly record struct IpBindingSource(MacAddress Mac, IPAddress? Vtep)
    {
        public bool Matches(MacAddress mac, IPAddress? vtep) => Mac == mac && Equals(Vtep, vtep);
    }

    /// <summary>
    /// The sources of one IP: a single one as its MAC plus, in <c>_tail</c>, nothing (local snooping) or the
    /// remote VTEP; several (during a move) as a list in arrival order, the MAC field then unused.
    /// </summary>
    private readonly struct Sources
    {
        private readonly MacAddress _mac;
        private readonly object? _tail;

        private Sources(MacAddress mac, object? tail)
        {
            _mac = mac;
            _tail = tail;
        }

        public static Sources Single(MacAddress mac, IPAddress? vtep) => new(mac, vtep);
        public static Sources Of(List<IpBindingSource> several) => new(default, several);

        public List<IpBindingSource>? Several => _tail as List<IpBindingSource>;
        /// <summary>The single source; only valid when <see cref="Several"/> is null.</summary>
        public IpBindingSource Only => new(_mac, (IPAddress?)_tail);
    }
}
