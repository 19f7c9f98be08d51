namespace ActorFabric.Protocols.Routing;

/// <summary>What an IP-VRF does with one routed packet.</summary>
public enum IpForwardingAction
{
    Drop,
    /// <summary>Destination is a host in a local bridge domain with a known MAC: rewrite and deliver in that VLAN.</summary>
    DeliverLocal,
    /// <summary>Destination is in a local subnet but its MAC is unknown: ARP/ND for it first (gleaning, RFC 9135 §5.3).</summary>
    ResolveLocal,
    /// <summary>Destination is one of our anycast gateway addresses: the packet is for this router.</summary>
    DeliverToRouter,
    /// <summary>Symmetric IRB: VXLAN to the VTEP with the L3 VNI, inner DMAC = its Router's MAC, SMAC = ours (RFC 9135 §5.4).</summary>
    RouteSymmetric,
    /// <summary>Asymmetric IRB: bridge in the destination L2 VNI to the host's VTEP, DMAC = host MAC, SMAC = gateway MAC (RFC 9135 §6).</summary>
    RouteAsymmetric,
    /// <summary>A configured external/static prefix: hand the packet to the device's external routing.</summary>
    DeliverExternal,
}
