namespace ActorFabric.Protocols.Routing;

/// <summary>How this VTEP's type-5 routes say where a prefix is reached (RFC 9136 §4.4).</summary>
public enum PrefixAdvertisementModel
{
    /// <summary>
    /// Interface-less IP-VRF-to-IP-VRF (RFC 9136 §4.4.1): GW IP 0, ESI 0, label = L3 VNI, Router's MAC EC. What FRR
    /// and most VXLAN fabrics send; the receiver encapsulates straight to the BGP next hop.
    /// </summary>
    InterfaceLess,
    /// <summary>
    /// Interface-ful with an SBD IRB (RFC 9136 §4.4.2): GW IP = this VTEP's own address on the supplementary bridge
    /// domain, label 0; the receiver resolves the GW IP recursively through the type-2 route of that address.
    /// </summary>
    GatewayIpOverlayIndex,
}
