using System.Net;
using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Bgp.Rib;

/// <summary>
/// The BGP decision process for paths of one route key (RFC 4271 §9.1.2.2 with the RFC 4456 §9 changes), as
/// ordered there (local preference, AS path length, origin, MED, eBGP over iBGP, IGP cost, originator id / router id,
/// cluster list length, neighbour address). Locally originated paths win first (like a vendor "weight"): a speaker
/// prefers what it originates itself. IGP cost to the next hop (step e) is equal in this layer. The last
/// tie-break is the source's stable id, so the result never depends on arrival order or hashing.
/// Ineligible paths (loops, treat-as-withdraw) never enter the RIB, so they are not filtered here.
/// </summary>
public sealed class BestPathSelector : IComparer<BgpPath>
{
    public const uint DefaultLocalPref = 100;
    public static readonly BestPathSelector Instance = new();

    /// <summary>Negative when <paramref name="a"/> is preferred.</summary>
    public int Compare(BgpPath? a, BgpPath? b)
    {
        if (ReferenceEquals(a, b)) return 0;
        if (a is null) return 1;
        if (b is null) return -1;
        var sa = a.Source; var sb = b.Source;
        if (sa.IsLocal != sb.IsLocal) return sa.IsLocal ? -1 : 1;
        var aa = a.Attributes; var ab = b.Attributes;

        // §9.1.1: higher degree of preference (LOCAL_PREF).
        int c = (ab.LocalPref ?? DefaultLocalPref).CompareTo(aa.LocalPref ?? DefaultLocalPref);
        if (c != 0) return c;
        // §9.1.2.2 a: shorter AS_PATH, an AS_SET counting as one.
        c = (aa.AsPath?.SelectionLength ?? 0).CompareTo(ab.AsPath?.SelectionLength ?? 0);
        if (c != 0) return c;
        // b: lower ORIGIN.
        c = ((byte)(aa.Origin ?? Origin.Igp)).CompareTo((byte)(ab.Origin ?? Origin.Igp));
        if (c != 0) return c;
        // c: lower MED, only between paths from the same neighbouring AS; missing MED counts as 0.
        if (NeighborAs(a) == NeighborAs(b))
        {
            c = (aa.MultiExitDisc ?? 0).CompareTo(ab.MultiExitDisc ?? 0);
            if (c != 0) return c;
        }
        // d: eBGP-learned over iBGP-learned.
        if (sa.IsExternal != sb.IsExternal) return sa.IsExternal ? -1 : 1;
        // e: IGP cost — equal here.
        // f: lower BGP Identifier, the ORIGINATOR_ID standing in for it when present (RFC 4456 §9).
        c = (aa.OriginatorId ?? sa.RouterId).CompareTo(ab.OriginatorId ?? sb.RouterId);
        if (c != 0) return c;
        // RFC 4456 §9: shorter CLUSTER_LIST.
        c = aa.ClusterList.Length.CompareTo(ab.ClusterList.Length);
        if (c != 0) return c;
        // g: lower peer address.
        c = CompareAddresses(sa.Address, sb.Address);
        if (c != 0) return c;
        return sa.Id.CompareTo(sb.Id);
    }

    private static uint NeighborAs(BgpPath p) => p.Attributes.AsPath?.NeighborAs is uint n && n != 0 ? n : p.Source.As;

    internal static int CompareAddresses(IPAddress a, IPAddress b)
    {
        Span<byte> x = stackalloc byte[16];
        Span<byte> y = stackalloc byte[16];
        a.TryWriteBytes(x, out int nx);
        b.TryWriteBytes(y, out int ny);
        if (nx != ny) return nx.CompareTo(ny);
        return x[..nx].SequenceCompareTo(y[..ny]);
    }
}
