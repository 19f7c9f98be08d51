namespace ActorFabric.Fabric.DataPlane;

/// <summary>
/// A snapshot of a <see cref="SwitchDataPlane"/>'s counters (allocated on request, never on the frame path).
/// <see cref="BumCopies"/> counts BUM copies sent into the fabric (one per remote VTEP: ingress replication);
/// <see cref="BumLocalCopies"/> the copies flooded to local access ports.
/// </summary>
public sealed record DataPlaneCounters(
    string Device,
    IReadOnlyList<PortCounters> Ports,
    long Encapsulated,
    long Decapsulated,
    long Transit,
    long Punted,
    long ControlPlaneSent,
    long BumCopies,
    long BumLocalCopies,
    long ProxyReplies,
    IReadOnlyDictionary<DataPlaneDropReason, long> Drops)
{
    public long DropCount(DataPlaneDropReason reason) => Drops.TryGetValue(reason, out var n) ? n : 0;

    public long TotalDrops
    {
        get
        {
            long total = 0;
            foreach (var n in Drops.Values) total += n;
            return total;
        }
    }
}
