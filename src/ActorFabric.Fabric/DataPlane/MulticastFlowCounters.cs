namespace ActorFabric.Fabric.DataPlane;

/// <summary>
/// What one device did with one multicast flow (VNI, source, group): frames that entered from a local port
/// (<see cref="Originated"/>) or over VXLAN (<see cref="Received"/>), copies to local ports and into the fabric, and
/// the part of those fabric copies a replicator made for an AR leaf (<see cref="Replicated"/>).
/// </summary>
public sealed record MulticastFlowCounters(uint Vni, string Source, string Group, long Originated, long Received, long LocalCopies, long FabricCopies, long Replicated);

/// <summary>Mutable per-flow tally inside the data plane (a struct in a dictionary, updated by reference).</summary>
internal struct MulticastFlowTally
{
    public long Originated, Received, LocalCopies, FabricCopies, Replicated;
}
