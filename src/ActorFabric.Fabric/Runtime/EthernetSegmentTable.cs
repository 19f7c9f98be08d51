namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// The Ethernet segments a leaf has a link of (Junos <c>show evpn instance esi-info</c>, FRR <c>show evpn es detail</c>):
/// per segment its mode, DF algorithm, election state, peers and the DF of each VNI.
/// </summary>
public sealed record EthernetSegmentTable(string Device, IReadOnlyList<EthernetSegmentEntry> Segments);

/// <param name="Peers">VTEP addresses of the other leaves on the segment (from their ES routes).</param>
/// <param name="DfChanges">How often this leaf became or stopped being DF of a VNI of the segment.</param>
public sealed record EthernetSegmentEntry(string Esi, string Name, string Port, string Mode, string DfAlgorithm, string State, bool LinkUp,
    IReadOnlyList<string> Peers, IReadOnlyList<EthernetSegmentDf> DesignatedForwarders, long DfChanges);

/// <param name="Df">The elected DF's VTEP address (null before the first election or with the link down).</param>
/// <param name="Local">This leaf is the DF.</param>
public sealed record EthernetSegmentDf(uint Vni, string? Df, string? BackupDf, bool Local);
