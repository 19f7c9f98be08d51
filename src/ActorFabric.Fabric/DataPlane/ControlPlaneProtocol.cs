namespace ActorFabric.Fabric.DataPlane;

/// <summary>What a punted frame carries, so the runtime can route it to the right machine without re-parsing.</summary>
public enum ControlPlaneProtocol : byte
{
    /// <summary>An underlay link-state PDU in an Ethernet frame with EtherType 0x88B5 (see <see cref="IgpFraming"/>).</summary>
    Igp,
    /// <summary>IPv4/TCP with port 179 on either side.</summary>
    Bgp,
    /// <summary>IPv4/UDP to port 4784 (multihop, RFC 5883 §5) or 3784 (single hop, RFC 5881 §4).</summary>
    Bfd,
    /// <summary>Any other IPv4 packet addressed to one of the device's own addresses (e.g. ICMP to a loopback).</summary>
    OtherLocal,
}
