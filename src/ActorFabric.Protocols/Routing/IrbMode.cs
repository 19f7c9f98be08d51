namespace ActorFabric.Protocols.Routing;

/// <summary>How an IP-VRF routes between subnets across the fabric (RFC 9135 §4.2).</summary>
public enum IrbMode
{
    /// <summary>
    /// Route at ingress and again at egress over the VRF's L3 VNI, inner MACs = the two Router's MACs (RFC 9135 §5).
    /// A leaf needs only the bridge domains it serves.
    /// </summary>
    Symmetric,
    /// <summary>
    /// Route at ingress, then bridge in the destination's L2 VNI to the host's VTEP (RFC 9135 §6). Every leaf needs
    /// every bridge domain of the tenant; Label2 of received MAC+IP routes is ignored (§4.2).
    /// </summary>
    Asymmetric,
}
