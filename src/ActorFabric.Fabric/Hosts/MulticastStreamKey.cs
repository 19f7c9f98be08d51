namespace ActorFabric.Fabric.Hosts;

/// <summary>What a receiver counts by: the group, the sender's address and the sender's stream id (0: datagrams too short to carry one).</summary>
public readonly record struct MulticastStreamKey(HostAddress Group, HostAddress Source, uint StreamId) : IComparable<MulticastStreamKey>
{
    public int CompareTo(MulticastStreamKey other)
    {
        int c = Group.CompareTo(other.Group);
        if (c == 0) c = Source.CompareTo(other.Source);
        return c != 0 ? c : StreamId.CompareTo(other.StreamId);
    }
}
