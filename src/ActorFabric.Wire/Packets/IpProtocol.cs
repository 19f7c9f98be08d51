namespace ActorFabric.Wire.Packets;

/// <summary>IPv4 protocol / IPv6 next-header numbers (IANA "Assigned Internet Protocol Numbers").</summary>
public enum IpProtocol : byte
{
    HopByHop = 0,
    Icmp = 1,
    Igmp = 2,
    Tcp = 6,
    Udp = 17,
    Icmpv6 = 58,
}
