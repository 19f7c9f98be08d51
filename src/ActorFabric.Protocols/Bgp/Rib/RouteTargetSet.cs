using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Bgp.Rib;

/// <summary>
/// A set of route targets (RFC 4360 §4) for import or export. A route is imported when any of its RTs is in
/// the import set (RFC 4364 §4.3.1 semantics, reused by EVPN RFC 7432 §9.2.2). Held sorted for binary search.
/// ES-Import route targets (RFC 7432 §7.6) count too: a PE imports the ES routes of its own segments by them (§8.1.1).
/// </summary>
public sealed class RouteTargetSet
{
    private readonly ulong[] _values;

    public RouteTargetSet(IEnumerable<ExtendedCommunity> routeTargets)
    {
        var list = new List<ulong>();
        foreach (var rt in routeTargets)
        {
            if (!rt.IsRouteTarget && !rt.IsEsImportRouteTarget) throw new ArgumentException($"{rt} is not a route target", nameof(routeTargets));
            list.Add(rt.Value);
        }
        list.Sort();
        int n = 0;
        for (int i = 0; i < list.Count; i++) if (n == 0 || list[n - 1] != list[i]) list[n++] = list[i];
        _values = list.GetRange(0, n).ToArray();
    }

    public static readonly RouteTargetSet Empty = new([]);

    public int Count => _values.Length;
    public bool Contains(ExtendedCommunity rt) => Array.BinarySearch(_values, rt.Value) >= 0;

    /// <summary>True when any route target in <paramref name="attributes"/> is in this set.</summary>
    public bool MatchesAny(PathAttributes attributes)
    {
        foreach (var c in attributes.ExtendedCommunities)
            if ((c.IsRouteTarget || c.IsEsImportRouteTarget) && Array.BinarySearch(_values, c.Value) >= 0) return true;
        return false;
    }

    public ExtendedCommunity[] ToArray()
    {
        var r = new ExtendedCommunity[_values.Length];
        for (int i = 0; i < r.Length; i++) r[i] = new ExtendedCommunity(_values[i]);
        return r;
    }

    public RouteTargetSet Union(RouteTargetSet other) => new([.. ToArray(), .. other.ToArray()]);

    /// <summary>
    /// The RFC 8365 §5.1.2.1 auto-derived RT for a VNI: 2-octet AS form, local admin = A(0) | Type(1, VXLAN) |
    /// D-ID | VNI. A 4-octet ASN contributes its low 16 bits (what FRR and others do, as the field is 2 octets).
    /// </summary>
    public static ExtendedCommunity AutoDerive(uint asn, uint vni, byte domainId = 0) =>
        ExtendedCommunity.AutoDerivedRouteTarget((ushort)asn, vni, domainId);
}
