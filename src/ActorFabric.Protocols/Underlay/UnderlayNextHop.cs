namespace ActorFabric.Protocols.Underlay;

/// <summary>One way out towards a destination: the local interface and the neighbor across it.</summary>
public readonly record struct UnderlayNextHop(int InterfaceId, uint NeighborRouterId) : IComparable<UnderlayNextHop>
{
    public int CompareTo(UnderlayNextHop other)
    {
        int c = InterfaceId.CompareTo(other.InterfaceId);
        return c != 0 ? c : NeighborRouterId.CompareTo(other.NeighborRouterId);
    }
}
