namespace ActorFabric.Protocols.Bridging;

/// <summary>
/// The three kinds of BUM traffic. They are kept apart because replication policies treat them differently:
/// Assisted Replication helps only broadcast/multicast, and the BM/U PMSI flags prune flood lists per kind
/// (RFC 9574 §4, §5).
/// </summary>
public enum BumTrafficKind : byte
{
    Broadcast,
    Multicast,
    UnknownUnicast,
}
