namespace ActorFabric.Protocols.Bridging;

/// <summary>What the data plane does with one frame.</summary>
public enum ForwardingAction : byte
{
    /// <summary>Discard; <see cref="ForwardingDecision.DropReason"/> says why.</summary>
    Drop,
    /// <summary>Known unicast to a local access port.</summary>
    DeliverToPort,
    /// <summary>Known unicast to a remote VTEP: VXLAN-encapsulate with the entry's VNI.</summary>
    SendToVtep,
    /// <summary>BUM: copy to <see cref="BridgeDomain.CopyFloodPorts"/> and <see cref="BridgeDomain.FloodTargets"/>.</summary>
    Flood,
    /// <summary>ARP/ND suppression: answer the request on the ingress port with <see cref="ForwardingDecision.ProxyMac"/> (RFC 7432 §10).</summary>
    ProxyReply,
}

/// <summary>Why a frame was dropped.</summary>
public enum DropReason : byte
{
    None,
    /// <summary>No bridge domain of the MAC-VRF carries the VLAN / VNI.</summary>
    UnknownDomain,
    /// <summary>The access port is not attached to the bridge domain of the frame's VLAN.</summary>
    PortNotInDomain,
    /// <summary>Destination sits behind the ingress port: the frame would go back where it came from.</summary>
    SameSegment,
    /// <summary>A frame from the fabric for a MAC that is itself remote: never re-enter the fabric (RFC 7432 §12).</summary>
    SplitHorizon,
    /// <summary>The port is on a single-active segment this leaf is not the DF of for the VLAN (RFC 7432 §14.1.1).</summary>
    NonDesignatedForwarder,
}
