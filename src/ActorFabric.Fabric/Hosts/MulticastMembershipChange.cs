namespace ActorFabric.Fabric.Hosts;

/// <summary>
/// The answer to a join or leave: the group as the host understood it, the protocol of its messages, the sources of
/// a source-specific join, and whether anything changed (a leave of a group the host was not in changes nothing).
/// </summary>
public sealed record MulticastMembershipChange(string Host, string Group, MulticastProtocol? Protocol, IReadOnlyList<string> Sources, bool Changed, TimeSpan At);
