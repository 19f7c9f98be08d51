namespace ActorFabric.Protocols.Multicast.Snooping;

/// <summary>Address family of a snooped group: IPv4 groups are managed by IGMP, IPv6 groups by MLD.</summary>
public enum IpFamily : byte
{
    V4,
    V6,
}
