namespace ActorFabric.Fabric.Hosts;

/// <summary>
/// The group-membership protocol a host speaks for one group: IGMPv2 (RFC 2236) or IGMPv3 (RFC 3376) for IPv4
/// groups, MLDv1 (RFC 2710) or MLDv2 (RFC 3810) for IPv6 groups. Only v3/MLDv2 can name sources.
/// </summary>
public enum MulticastProtocol : byte
{
    Igmpv2,
    Igmpv3,
    Mldv1,
    Mldv2,
}
