using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Bgp.Speaker;

/// <summary>
/// The outbound route filter one peer asked for with its route target memberships (RFC 4684 §4): a VPN (here
/// EVPN) route goes to that peer only if one of its route targets is covered by one of the memberships.
/// Routes that carry no route target at all (EVPN type 4, imported by ES-Import RT, RFC 7432 §8.1.1) pass.
/// Compared by content, so peers that announced the same memberships share an update group.
/// </summary>
public sealed class RouteTargetFilter : IEquatable<RouteTargetFilter>
{
    private readonly ulong[] _exact;                  // whole route targets (prefix length 96), sorted
    private readonly (ulong Value, ulong Mask)[] _prefixes; // partial route targets (33–95), sorted

    private RouteTargetFilter(ulong[] exact, (ulong, ulong)[] prefixes)
    {
        _exact = exact;
        _prefixes = prefixes;
    }

    /// <summary>
    /// The filter for a set of memberships, or null when they ask for everything: a default membership
    /// (length 0) or a length-32 one, which names only an origin AS and so covers every route target.
    /// </summary>
    public static RouteTargetFilter? From(IEnumerable<RouteTargetMembership> memberships)
    {
        var exact = new List<ulong>();
        var prefixes = new List<(ulong, ulong)>();
        foreach (var m in memberships)
        {
            if (m.PrefixLength <= 32) return null;
            if (m.PrefixLength == RouteTargetMembership.FullLength) exact.Add(m.RouteTarget.Value);
            else
            {
                ulong mask = ~(ulong.MaxValue >> (m.PrefixLength - 32));
                prefixes.Add((m.RouteTarget.Value & mask, mask));
            }
        }
        return new RouteTargetFilter(Canonical(exact), [.. Canonical(prefixes)]);
    }

    public int Count => _exact.Length + _prefixes.Length;

    /// <summary>True when the route with these attributes may be sent to the peer.</summary>
    public bool Matches(PathAttributes attributes)
    {
        bool anyRouteTarget = false;
        foreach (var c in attributes.ExtendedCommunities)
        {
            // ES routes carry only an ES-Import RT; members of the segment announce it as a membership (their import
            // filter holds it, RFC 7432 §8.1.1), so reflectors send ES routes to those members only.
            if (!c.IsRouteTarget && !c.IsEsImportRouteTarget) continue;
            anyRouteTarget = true;
            if (Array.BinarySearch(_exact, c.Value) >= 0) return true;
            foreach (var (value, mask) in _prefixes)
                if ((c.Value & mask) == value) return true;
        }
        return !anyRouteTarget;
    }

    public bool Equals(RouteTargetFilter? other) =>
        other is not null && _exact.AsSpan().SequenceEqual(other._exact) && _prefixes.AsSpan().SequenceEqual(other._prefixes);

    public override bool Equals(object? obj) => obj is RouteTargetFilter f && Equals(f);

    public override int GetHashCode()
    {
        ulong h = (ulong)_exact.Length * 31 + (ulong)_prefixes.Length;
        foreach (var v in _exact) h = h * 1_000_003 ^ v;
        foreach (var (v, m) in _prefixes) h = (h * 1_000_003 ^ v) * 31 ^ m;
        return (int)(h ^ (h >> 32));
    }

    public override string ToString() => $"rt-filter({_exact.Length} targets, {_prefixes.Length} prefixes)";

    private static T[] Canonical<T>(List<T> list) where T : IEquatable<T>
    {
        list.Sort();
        int n = 0;
        for (int i = 0; i < list.Count; i++) if (n == 0 || !list[n - 1].Equals(list[i])) list[n++] = list[i];
        return list.GetRange(0, n).ToArray();
    }
}
