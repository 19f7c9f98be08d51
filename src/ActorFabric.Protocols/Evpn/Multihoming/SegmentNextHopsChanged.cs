using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Evpn.Multihoming;

/// <summary>
/// What <see cref="RemoteEthernetSegments"/> knows about a remote segment changed. <see cref="EthernetTag"/> is
/// the tag of a per-EVI route that came or went, or MAX-ET (<see cref="EthernetAutoDiscoveryRoute.MaxEthernetTag"/>)
/// when a per-ES route did: then every tag of the segment is affected at once, which is the mass withdrawal
/// of RFC 7432 §8.2 — the MAC-VRF re-resolves every MAC on the segment from one event.
/// </summary>
public sealed record SegmentNextHopsChanged(EthernetSegmentId Esi, uint EthernetTag)
{
    public bool IsWholeSegment => EthernetTag == EthernetAutoDiscoveryRoute.MaxEthernetTag;
}
