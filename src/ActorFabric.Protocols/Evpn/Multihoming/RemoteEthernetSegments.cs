using System.Net;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Evpn.Multihoming;

/// <summary>
/// The remote-PE view of multihomed segments for one MAC-VRF, built from the type-1 A-D routes it imported
/// (RFC 7432 §8.2, §8.4, §9.2.2, §14.1): which PEs may carry traffic for a MAC on a segment (aliasing set),
/// whether the segment is single-active, and whether a type 2 with that ESI may be installed at all. Every
/// change is reported as a polled <see cref="SegmentNextHopsChanged"/>. One PE is one next hop: the
/// per-ES route may be split over several routes with different RDs (RFC 7432 §8.2.1.1), and the PE counts
/// while any of them is present.
/// </summary>
public sealed class RemoteEthernetSegments
{
    private sealed class Segment
    {
        /// <summary>Per-ES routes by (next hop, RD) with their single-active flag.</summary>
        public readonly Dictionary<(IPAddress NextHop, RouteDistinguisher Rd), bool> PerEs = [];
        /// <summary>Per-EVI routes by (next hop, tag, RD) with their label (the VNI for VXLAN, RFC 8365 §5.1.3).</summary>
        public readonly Dictionary<(IPAddress NextHop, uint Tag, RouteDistinguisher Rd), uint> PerEvi = [];
        public readonly Dictionary<uint, IReadOnlyList<IPAddress>> NextHopCache = [];
        public bool IsEmpty => PerEs.Count == 0 && PerEvi.Count == 0;
    }

    private readonly Dictionary<EthernetSegmentId, Segment> _segments = [];
    private readonly Queue<SegmentNextHopsChanged> _events = new();

    /// <summary>No remote segment is known (the common single-homed fabric: forwarding skips aliasing).</summary>
    public bool IsEmpty => _segments.Count == 0;

    public bool TryPollEvent(out SegmentNextHopsChanged changed) => _events.TryDequeue(out changed!);

    /// <summary>The segments with at least one A-D route, ascending.</summary>
    public IReadOnlyList<EthernetSegmentId> Segments => [.. _segments.Keys.Order()];

    /// <summary>
    /// A type-1 route was installed or replaced. ESI 0 and MAX-ESI have no A-D routes (RFC 7432 §8.2.1, §8.4.1)
    /// and are ignored. Returns whether anything changed (a changed event is queued then).
    /// </summary>
    public bool ApplyAutoDiscovery(EthernetAutoDiscoveryRoute route, PathAttributes attributes, IPAddress nextHop)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(nextHop);
        if (!IsRealSegment(route.Esi)) return false;
        if (!_segments.TryGetValue(route.Esi, out var segment)) _segments[route.Esi] = segment = new Segment();
        if (route.IsPerEthernetSegment)
        {
            // RFC 7432 §14.1.1: the Single-Active flag is in the ESI Label EC of the per-ES route.
            var singleActive = false;
            foreach (var ec in attributes.ExtendedCommunities)
                if (ec.IsEsiLabel && ((ec.Value >> 40) & 0x01) != 0) singleActive = true;
            var key = (nextHop, route.Distinguisher);
            if (segment.PerEs.TryGetValue(key, out var known) && known == singleActive) return false;
            segment.PerEs[key] = singleActive;
        }
        else
        {
            var key = (nextHop, route.EthernetTag, route.Distinguisher);
            if (segment.PerEvi.TryGetValue(key, out var label) && label == route.Label) return false;
            segment.PerEvi[key] = route.Label;
        }
        Changed(route, segment);
        return true;
    }

    /// <summary>A type-1 route was withdrawn; a per-ES withdrawal removes that PE from every MAC of the segment at once.</summary>
    public bool WithdrawAutoDiscovery(EthernetAutoDiscoveryRoute route, IPAddress nextHop)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(nextHop);
        if (!_segments.TryGetValue(route.Esi, out var segment)) return false;
        var removed = route.IsPerEthernetSegment
            ? segment.PerEs.Remove((nextHop, route.Distinguisher))
            : segment.PerEvi.Remove((nextHop, route.EthernetTag, route.Distinguisher));
        if (!removed) return false;
        Changed(route, segment);
        if (segment.IsEmpty) _segments.Remove(route.Esi);
        return true;
    }

    /// <summary>
    /// The aliasing set for &lt;ESI, tag&gt;: every PE with both a per-ES route and a per-EVI route for the tag,
    /// ascending by IP (RFC 7432 §8.4, §14.1.2). A per-EVI route alone does not count until its PE's per-ES
    /// route has arrived; the type 2's own advertiser is the MAC-VRF's business.
    /// </summary>
    public IReadOnlyList<IPAddress> NextHops(EthernetSegmentId esi, uint ethernetTag)
    {
        if (!_segments.TryGetValue(esi, out var segment)) return [];
        if (segment.NextHopCache.TryGetValue(ethernetTag, out var cached)) return cached;
        var set = new SortedSet<IPAddress>(VtepAddressOrder.Instance);
        foreach (var (nextHop, tag, _) in segment.PerEvi.Keys)
            if (tag == ethernetTag && HasPerEsFrom(segment, nextHop)) set.Add(nextHop);
        IReadOnlyList<IPAddress> list = [.. set];
        segment.NextHopCache[ethernetTag] = list;
        return list;
    }

    /// <summary>The label (VNI) of <paramref name="nextHop"/>'s per-EVI route for &lt;ESI, tag&gt;, used for a PE that did not advertise the MAC itself (RFC 7432 §14.1.2).</summary>
    public uint? PerEviLabel(EthernetSegmentId esi, uint ethernetTag, IPAddress nextHop)
    {
        if (!_segments.TryGetValue(esi, out var segment)) return null;
        uint? found = null;
        foreach (var ((hop, tag, _), label) in segment.PerEvi)
            if (tag == ethernetTag && hop.Equals(nextHop) && (found is null || label < found)) found = label;
        return found;
    }

    /// <summary>Single-active if at least one PE's per-ES route has the flag; all-active if none has (RFC 7432 §14.1).</summary>
    public bool IsSingleActive(EthernetSegmentId esi) =>
        _segments.TryGetValue(esi, out var segment) && segment.PerEs.Values.Any(sa => sa);

    /// <summary>
    /// True while some per-ES route of the segment is installed: a type 2 with this ESI may be installed only
    /// then (RFC 7432 §9.2.2), so MACs are not installed while a mass withdrawal is in flight.
    /// </summary>
    public bool HasPerEs(EthernetSegmentId esi) => _segments.TryGetValue(esi, out var segment) && segment.PerEs.Count > 0;

    /// <summary>The PEs with a per-ES route for the segment, ascending.</summary>
    public IReadOnlyList<IPAddress> PerEsNextHops(EthernetSegmentId esi)
    {
        if (!_segments.TryGetValue(esi, out var segment)) return [];
        var set = new SortedSet<IPAddress>(VtepAddressOrder.Instance);
        foreach (var (nextHop, _) in segment.PerEs.Keys) set.Add(nextHop);
        return [.. set];
    }

    private static bool HasPerEsFrom(Segment segment, IPAddress nextHop)
    {
        foreach (var (hop, _) in segment.PerEs.Keys)
            if (hop.Equals(nextHop)) return true;
        return false;
    }

    private void Changed(EthernetAutoDiscoveryRoute route, Segment segment)
    {
        segment.NextHopCache.Clear();
        _events.Enqueue(new SegmentNextHopsChanged(route.Esi, route.IsPerEthernetSegment ? EthernetAutoDiscoveryRoute.MaxEthernetTag : route.EthernetTag));
    }

    private static bool IsRealSegment(EthernetSegmentId esi) => !esi.IsZero && esi != EthernetSegmentId.Max;
}
