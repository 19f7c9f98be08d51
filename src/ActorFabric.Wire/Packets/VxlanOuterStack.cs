namespace ActorFabric.Wire.Packets;

/// <summary>
/// What a VTEP puts around an inner frame (RFC 7348 §5, §6): outer Ethernet towards the underlay
/// next hop, outer IPv4 between VTEP loopbacks, UDP to 4789 and the VXLAN header.
/// <paramref name="SourcePort"/> 0 means "derive from the inner frame's flow hash"
/// (<see cref="Hashing.VxlanSourcePort.ForInnerFrame"/>). DF is set because VTEPs must not
/// fragment (RFC 7348 §4.3). The UDP checksum is sent as zero unless asked for (RFC 7348 §5).
/// </summary>
public readonly record struct VxlanOuterStack(
    MacAddress SourceMac,
    MacAddress NextHopMac,
    Ipv4Address SourceVtep,
    Ipv4Address DestinationVtep,
    uint Vni,
    byte Ttl = 64,
    VlanTag? OuterVlan = null,
    ushort SourcePort = 0,
    bool ComputeUdpChecksum = false,
    byte TypeOfService = 0,
    ushort Identification = 0)
{
    /// <summary>Octets added in front of the inner frame: 50, or 54 with an outer tag.</summary>
    public int Overhead => (OuterVlan.HasValue ? EthernetHeader.TaggedLength : EthernetHeader.UntaggedLength)
        + Ipv4Header.MinimumLength + UdpHeader.HeaderLength + VxlanHeader.Length;
}
