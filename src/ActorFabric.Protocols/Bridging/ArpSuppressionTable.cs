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
    // Almost every IP has one source, kept inline in the entry; only an IP in the middle of a move gets a list.
    private readonly Dictionary<IPAddress, Sources> _bindings = [];

    public int Count => _bindings.Count;

    internal void Add(IPAddress ip, MacAddress mac, IPAddress? vtep)
    {
        ref var sources = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_bindings, ip, out bool existed);
        var source = new IpBindingSource(mac, vtep);
        if (!existed)
        {
            sources = new Sources(source, null);
            return;
        }
        if (sources.First.Matches(mac, vtep)) return;
        if (sources.More is { } more)
        {
            foreach (var s in more)
                if (s.Matches(mac, vtep)) return;
            more.Add(source);
        }
        else sources = new Sources(sources.First, [source]);
    }

    internal void Remove(IPAddress ip, MacAddress mac, IPAddress? vtep)
    {
        ref var sources = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(_bindings, ip);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref sources)) return;
        if (sources.First.Matches(mac, vtep))
        {
            if (sources.More is not { Count: > 0 } rest)
            {
                _bindings.Remove(ip);
                return;
            }
            // The next source moves inline, keeping the remaining order.
            var next = rest[0];
            rest.RemoveAt(0);
            sources = new Sources(next, rest.Count > 0 ? rest : null);
            return;
        }
        if (sources.More is not { } more) return;
        for (int i = 0; i < more.Count; i++)
        {
            if (!more[i].Matches(mac, vtep)) continue;
            more.RemoveAt(i);
            break;
        }
        if (more.Count == 0) sources = new Sources(sources.First, null);
    }

    /// <summary>The MAC that owns <paramref name="ip"/>, if any source is known. <paramref name="fdb"/> breaks ties between remote sources.</summary>
    public bool TryResolve(IPAddress ip, IReadOnlyDictionary<MacAddress, FdbEntry> fdb, out MacAddress mac)
    {
        mac = default;
        if (!_bindings.TryGetValue(ip, out var sources)) return false;
        IpBindingSource? best = null;
        int bestRank = int.MaxValue;
        int count = 1 + (sources.More?.Count ?? 0);
        for (int i = 0; i < count; i++)
        {
            var s = i == 0 ? sources.First : sources.More![i - 1];
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

    /// <summary>The first source of an IP and, during a move, the others in arrival order.</summary>
    private readonly record struct Sources(IpBindingSource First, List<IpBindingSource>? More);
}
