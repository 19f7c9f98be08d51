namespace ActorFabric.Protocols.Bridging;

/// <summary>
/// An access (attachment-circuit) port of a leaf, numbered by the hosting device. A value type so that
/// forwarding decisions carry it without allocation; ordered by number for deterministic flooding order.
/// </summary>
public readonly record struct PortId(int Value) : IComparable<PortId>
{
    public int CompareTo(PortId other) => Value.CompareTo(other.Value);
    public override string ToString() => $"port{Value}";
}
