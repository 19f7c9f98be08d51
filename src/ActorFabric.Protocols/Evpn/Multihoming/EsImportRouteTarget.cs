using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Evpn.Multihoming;

/// <summary>
/// The ES-Import route target that limits an ES route to the PEs of the same segment (RFC 7432 §7.6, §8.1.1).
/// </summary>
public static class EsImportRouteTarget
{
    /// <summary>
    /// The auto-derived ES-Import RT for ESI types 1, 2 and 3: the 6 high-order octets of the 9-octet ESI value
    /// (the embedded MAC; RFC 7432 §7.6). Null for the other types, whose RT must be configured.
    /// </summary>
    public static ExtendedCommunity? For(EthernetSegmentId esi) =>
        esi.EsiType is 1 or 2 or 3
            ? ExtendedCommunity.EsImportRouteTarget(new MacAddress((esi.High >> 8) & 0xFFFF_FFFF_FFFFUL))
            : null;

    /// <summary>
    /// The ES-Import RT every member of a segment agrees on without configuration: <see cref="For"/> for ESI types
    /// 1–3, and octets 1–6 of the ESI for the others (an emulator rule; RFC 7432 §7.6 leaves those to configuration).
    /// </summary>
    public static ExtendedCommunity Derived(EthernetSegmentId esi) =>
        For(esi) ?? ExtendedCommunity.EsImportRouteTarget(new MacAddress((esi.High >> 8) & 0xFFFF_FFFF_FFFFUL));
}
