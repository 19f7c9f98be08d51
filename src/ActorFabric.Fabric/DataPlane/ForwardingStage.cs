namespace ActorFabric.Fabric.DataPlane;

/// <summary>What a device did with a frame it sent on, as reported to an <see cref="IForwardingTracer"/>.</summary>
public enum ForwardingStage : byte
{
    /// <summary>Access frame bridged to another local access port.</summary>
    Bridged,
    /// <summary>Access frame VXLAN-encapsulated towards a remote VTEP (unicast or one BUM copy) and sent on a fabric port.</summary>
    Encapsulated,
    /// <summary>Underlay packet routed on (MACs rewritten, TTL decremented).</summary>
    Transit,
    /// <summary>VXLAN packet decapsulated and delivered to a local access port.</summary>
    Decapsulated,
    /// <summary>A packet of the device's own control plane sent on a fabric port.</summary>
    ControlPlane,
    /// <summary>An ARP-suppression reply written back to the ingress access port.</summary>
    ProxyReply,
}
