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
    private readonly Dictionary<IPAddress, List<IpBindingSource>> _bindings = [];

    public int Count => _bindings.Count;

    internal void Add(IPAddress ip, MacAddress mac, IPAddress? vtep)
    {
        if (!_bindings.TryGetValue(ip, out var sources)) _bindings[ip] = sources = new List<IpBindingSource>(1);
        foreach (var s in sources)
            if (s.Mac == mac && Equals(s.Vtep, vtep)) return;
        sources.Add(new IpBindingSource(mac, vtep));
    }

    internal void Remove(IPAddress ip, MacAddress mac, IPAddress? vtep)
    {
        if (!_bindings.TryGetValue(ip, out var sources)) return;
        for (int i = 0; i < sources.Count; i++)
        {
            if (sources[i].Mac != mac || !Equals(sources[i].Vtep, vtep)) continue;
            sources.RemoveAt(i);
            break;
        }
        if (sources.Count == 0) _bindings.Remove(ip);
    }

    /// <summary>The MAC that owns <paramref name="ip"/>, if any source is known. <paramref name="fdb"/> breaks ties between remote sources.</summary>
    public bool TryResolve(IPAddress ip, IReadOnlyDictionary<MacAddress, FdbEntry> fdb, out MacAddress mac)
    {
        mac = default;
        if (!_bindings.TryGetValue(ip, out var sources) || sources.Count == 0) return false;
        IpBindingSource? best = null;
        int bestRank = int.MaxValue;
        foreach (var s in sources)
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

    private readonly record struct IpBindingSource(MacAddress Mac, IPAddress? Vtep);
}
