using System.Net;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Evpn.Multihoming;

/// <summary>
/// Which access ports a BUM frame may leave by on a leaf with multihomed Ethernet segments (RFC 8365 §8.3.1, local
/// bias, since VXLAN carries no ESI label): a frame that entered on a local port reaches every other local port,
/// DF or not; a frame from a remote VTEP never goes onto a segment that VTEP shares (it delivered there itself),
/// and onto any other segment only from that segment's DF for the VNI (RFC 7432 §8.5). Single-homed ports always
/// receive. Counts what it blocks, per segment.
/// </summary>
public sealed class LocalBiasEgressFilter : IBumEgressFilter, ISegmentGate
{
    private readonly Dictionary<EthernetSegmentId, (LocalEthernetSegment Segment, SegmentFilterCounters Counters)> _segments = [];

    public void Add(LocalEthernetSegment segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        _segments[segment.Esi] = (segment, new SegmentFilterCounters());
    }

    /// <summary>What was blocked toward <paramref name="esi"/> so far (zeros for a segment this leaf is not on).</summary>
    public SegmentFilterCounters CountersOf(EthernetSegmentId esi) =>
        _segments.TryGetValue(esi, out var s) ? s.Counters : new SegmentFilterCounters();

    /// <summary>A single-active segment carries a VNI only at its DF (RFC 7432 §14.1.1).</summary>
    public bool Blocks(uint vni, EthernetSegmentId esi) =>
        _segments.TryGetValue(esi, out var s) && s.Segment.Mode == EthernetSegmentMode.SingleActive && !s.Segment.IsDesignatedForwarder(vni);

    public bool Permits(uint vni, PortId port, EthernetSegmentId portEsi, IPAddress? sourceVtep)
    {
        if (portEsi.IsZero) return true;
        if (!_segments.TryGetValue(portEsi, out var s)) return true;
        if (s.Segment.Mode == EthernetSegmentMode.SingleActive && !s.Segment.IsDesignatedForwarder(vni))
        {
            s.Counters.NonDfBlocks++;
            return false;
        }
        if (sourceVtep is null) return true;
        if (s.Segment.IsPeer(sourceVtep))
        {
            s.Counters.SplitHorizonDrops++;
            return false;
        }
        if (!s.Segment.IsDesignatedForwarder(vni))
        {
            s.Counters.NonDfBlocks++;
            return false;
        }
        return true;
    }
}

/// <summary>BUM copies kept off one segment: by split horizon (from a VTEP on the segment) and by this leaf not being DF.</summary>
public sealed class SegmentFilterCounters
{
    public long SplitHorizonDrops;
    public long NonDfBlocks;
}
