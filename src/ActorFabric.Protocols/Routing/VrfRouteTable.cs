using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Routing;

/// <summary>
/// The routes of one IP-VRF, IPv4 and IPv6, with longest-prefix match. A hash per (masked prefix) and, per family,
/// the list of prefix lengths in use, longest first: a lookup probes only lengths that exist and allocates nothing.
/// </summary>
public sealed class VrfRouteTable
{
    private readonly Dictionary<IpPrefix, VrfRoute> _routes = [];
    private readonly int[] _ipv4LengthCounts = new int[33];
    private readonly int[] _ipv6LengthCounts = new int[129];
    private byte[] _ipv4Lengths = [];
    private byte[] _ipv6Lengths = [];

    public int Count => _routes.Count;

    public bool TryGet(IpPrefix prefix, out VrfRoute route) => _routes.TryGetValue(prefix.Network, out route!);

    public bool TryLookup(Ipv4Address destination, out VrfRoute route)
    {
        ulong high = (ulong)destination.Value << 32;
        foreach (byte length in _ipv4Lengths)
            if (_routes.TryGetValue(IpPrefix.Masked(high, 0, length, false), out route!)) return true;
        route = null!;
        return false;
    }

    public bool TryLookup(Ipv6Address destination, out VrfRoute route)
    {
        foreach (byte length in _ipv6Lengths)
            if (_routes.TryGetValue(IpPrefix.Masked(destination.High, destination.Low, length, true), out route!)) return true;
        route = null!;
        return false;
    }

    /// <summary>Every route in no particular order, without copying (for counting).</summary>
    public IEnumerable<VrfRoute> All => _routes.Values;

    /// <summary>Every route, IPv4 before IPv6, then by address and length (for show commands and tests).</summary>
    public IReadOnlyList<VrfRoute> Snapshot()
    {
        var list = new List<VrfRoute>(_routes.Values);
        list.Sort((a, b) => Compare(a.Prefix, b.Prefix));
        return list;
    }

    internal VrfRoute GetOrAdd(IpPrefix prefix)
    {
        var network = prefix.Network;
        if (_routes.TryGetValue(network, out var route)) return route;
        route = new VrfRoute(network);
        _routes.Add(network, route);
        CountLength(network, +1);
        return route;
    }

    internal void RemoveIfEmpty(VrfRoute route)
    {
        if (!route.IsEmpty || !_routes.Remove(route.Prefix)) return;
        CountLength(route.Prefix, -1);
    }

    private void CountLength(IpPrefix prefix, int delta)
    {
        var counts = prefix.IsIpv6 ? _ipv6LengthCounts : _ipv4LengthCounts;
        int before = counts[prefix.Length];
        counts[prefix.Length] += delta;
        if ((before == 0) == (counts[prefix.Length] == 0)) return;
        var lengths = new List<byte>();
        for (int len = counts.Length - 1; len >= 0; len--) if (counts[len] > 0) lengths.Add((byte)len);
        if (prefix.IsIpv6) _ipv6Lengths = [.. lengths]; else _ipv4Lengths = [.. lengths];
    }

    private static int Compare(IpPrefix a, IpPrefix b)
    {
        if (a.IsIpv6 != b.IsIpv6) return a.IsIpv6 ? 1 : -1;
        int c = a.High.CompareTo(b.High);
        if (c == 0) c = a.Low.CompareTo(b.Low);
        return c != 0 ? c : a.Length.CompareTo(b.Length);
    }
}
