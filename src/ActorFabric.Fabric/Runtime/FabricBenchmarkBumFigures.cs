namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// Figures of one <c>bench bum</c> run (issue 12): the same fabric with ingress replication (<see cref="Ir"/>),
/// Assisted Replication (<see cref="Ar"/>) and Assisted Replication with snooping and SMET, 10% of the leaves
/// interested (<see cref="ArSmet"/>).
/// </summary>
public sealed record FabricBenchmarkBumFigures(
    string Topology,
    int Leaves,
    int Replicators,
    int PacketsPerStream,
    int PayloadSize,
    FabricBenchmarkBumMode Ir,
    FabricBenchmarkBumMode Ar,
    FabricBenchmarkBumMode ArSmet)
{
    public IReadOnlyList<FabricBenchmarkBumMode> Modes => [Ir, Ar, ArSmet];

    public bool Converged => Ir.Converged && Ar.Converged && ArSmet.Converged;

    /// <summary>Every joined host got every packet of its VNI's stream, once: the run measured working replication.</summary>
    public bool Delivered => Modes.All(static m => m.Converged && m.Duplicates == 0 && m.Delivered == m.DeliveredExpected);

    /// <summary>Fabric bytes of AR+SMET over those of AR: the issue expects about the interested fraction.</summary>
    public double SmetBytesRatio => Ar.FabricBytes == 0 ? 0 : (double)ArSmet.FabricBytes / Ar.FabricBytes;
}
