using ActorFabric.Wire.Bgp;

namespace ActorFabric.Fabric.Topology;

/// <summary>How a route target is derived when a MAC-VRF does not configure one.</summary>
public enum RouteTargetDerivation
{
    /// <summary>RFC 8365 §5.1.2.1: <c>AS:(A=0|TYPE=1 VXLAN|D-ID=0|VNI)</c>, i.e. local admin 0x10000000 | VNI (Junos style).</summary>
    Rfc8365,

    /// <summary>Plain <c>AS:VNI</c> as FRR and NX-OS auto-derive it (interop mode).</summary>
    AsVni,
}

public static class RouteTargetDerivationRule
{
    /// <summary>
    /// The route target a VTEP derives for a VNI without configuration. The RFC 8365 form is the wire layer's
    /// <see cref="ExtendedCommunity.AutoDerivedRouteTarget"/>; only a 2-octet AS has one (a 4-octet AS configures its targets).
    /// </summary>
    public static ExtendedCommunity RouteTargetFor(this RouteTargetDerivation derivation, ushort asn, uint vni) =>
        derivation == RouteTargetDerivation.Rfc8365
            ? ExtendedCommunity.AutoDerivedRouteTarget(asn, vni)
            : ExtendedCommunity.RouteTargetAs2(asn, vni);
}
