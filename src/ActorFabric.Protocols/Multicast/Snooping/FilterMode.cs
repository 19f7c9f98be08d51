namespace ActorFabric.Protocols.Multicast.Snooping;

/// <summary>
/// Filter mode of a port's state for a group (RFC 3376 §6.2.1): an (S,G) entry is INCLUDE (only S);
/// a (*,G) entry is EXCLUDE (every source except its excluded list; v1/v2 joins are EXCLUDE{}).
/// </summary>
public enum FilterMode : byte
{
    Include,
    Exclude,
}
