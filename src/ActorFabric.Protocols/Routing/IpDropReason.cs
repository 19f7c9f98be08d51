namespace ActorFabric.Protocols.Routing;

public enum IpDropReason
{
    None,
    /// <summary>No route covers the destination.</summary>
    NoRoute,
    /// <summary>The ingress VNI is neither an IRB VNI nor the L3 VNI of this VRF.</summary>
    NotInVrf,
    /// <summary>
    /// Arrived on the L3 VNI and would be routed back into the L3 VNI: the egress VTEP of symmetric IRB routes only
    /// towards its own bridge domains (RFC 9135 §5.5), so this would loop.
    /// </summary>
    FabricLoop,
    /// <summary>A gateway-IP type-5 whose GW IP has no usable host route (RFC 9136 §3.2 recursive resolution failed).</summary>
    UnresolvedOverlayIndex,
}
