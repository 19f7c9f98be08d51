namespace ActorFabric.Protocols.Evpn.Multihoming;

/// <summary>
/// This PE became (<see cref="IsDf"/> true) or stopped being the Designated Forwarder for &lt;ES, tag&gt;: the
/// host unblocks or blocks BUM towards the segment for that tag (RFC 7432 §8.5). Before its first election a
/// segment is DF for nothing, so the first events only name the tags it won.
/// </summary>
public sealed record DfChanged(Wire.Bgp.EthernetSegmentId Esi, uint EthernetTag, bool IsDf) : MacVrfEffect;
