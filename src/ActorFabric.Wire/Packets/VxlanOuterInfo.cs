namespace ActorFabric.Wire.Packets;

/// <summary>The outer headers read while decapsulating a VXLAN packet.</summary>
public readonly record struct VxlanOuterInfo(EthernetHeader Ethernet, Ipv4Header Ip, UdpHeader Udp, uint Vni)
{
    public Ipv4Address SourceVtep => Ip.Source;
    public Ipv4Address DestinationVtep => Ip.Destination;
}
