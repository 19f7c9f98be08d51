namespace ActorFabric.Fabric.DataPlane;

/// <summary>Why the data plane discarded a frame; counted per reason in <see cref="DataPlaneCounters"/>.</summary>
public enum DataPlaneDropReason : byte
{
    /// <summary>A header could not be decoded (truncated, bad IPv4 checksum, bad UDP checksum, not VXLAN...).</summary>
    Malformed,
    /// <summary>The frame arrived on (or was addressed to) a port this device does not have.</summary>
    UnknownPort,
    /// <summary>Unicast to another MAC than this device's fabric MAC on a routed port.</summary>
    NotForThisDevice,
    /// <summary>Neither IPv4 nor the IGP EtherType on a fabric port.</summary>
    UnsupportedEtherType,
    /// <summary>No underlay route towards the destination.</summary>
    NoRoute,
    /// <summary>IPv4 TTL would reach zero (RFC 1812 §5.3.1).</summary>
    TtlExpired,
    /// <summary>A VXLAN packet for a VNI no MAC-VRF here carries.</summary>
    UnknownVni,
    /// <summary>VXLAN arrived at a device that is not a VTEP.</summary>
    NotAVtep,
    /// <summary>An access frame's 802.1Q tag does not match its port (or a tag on an untagged port).</summary>
    VlanMismatch,
    /// <summary>The frame does not fit the scratch buffer or an IPv4 packet after encapsulation.</summary>
    TooLarge,
    /// <summary>A remote MAC points at this device's own VTEP.</summary>
    OwnVtep,
    /// <summary>The bridge dropped it: VLAN/VNI not in a domain, port not in the domain.</summary>
    BridgeDomain,
    /// <summary>The bridge dropped it: destination behind the ingress port.</summary>
    SameSegment,
    /// <summary>The bridge dropped it: a fabric frame for a remote MAC (never back into the fabric, RFC 7432 §12).</summary>
    SplitHorizon,
    /// <summary>The bridge dropped it: a single-active segment port of a VLAN this leaf is not the DF of.</summary>
    NonDesignatedForwarder,
    /// <summary>An IGMP/MLD message that did not parse (bad checksum, truncated, bad group) on a snooping VLAN.</summary>
    MalformedMembership,
    /// <summary>
    /// A replicator with snooping on did not send a copy to an AR leaf that is no IGMP/MLD proxy: the limitation the
    /// Junos document describes (counted once per skipped leaf).
    /// </summary>
    ArLeafWithoutSnooping,
}
