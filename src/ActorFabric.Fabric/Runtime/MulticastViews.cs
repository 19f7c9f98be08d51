namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// Assisted Replication state of a device per VNI (Junos <c>show evpn multicast-snooping assisted-replication
/// replicators</c>): its role, the operational mode ("Extended AR", "No replicators/Ingress Replication", …), the
/// replicators it sees and which one the VNI uses.
/// </summary>
public sealed record AssistedReplicationTable(string Device, string Role, string? ArIp, IReadOnlyList<AssistedReplicationInstance> Instances, long ReplicatorChanges);

/// <param name="ChosenReplicator">AR IP of the replicator broadcast and by-VNI multicast of the VNI go to, null when none.</param>
/// <param name="LastChange">The last mode or replicator change of the VNI (emulated seconds), null when none yet.</param>
public sealed record AssistedReplicationInstance(string Instance, uint Vni, string Role, string OperationalMode, string? ChosenReplicator,
    IReadOnlyList<ReplicatorEntry> Replicators, IReadOnlyList<DeterministicArEntry> Policies, double? LastChange, string? LastChangeText);

/// <param name="Device">The replicator's name in the topology (from its AR IP), null when not known.</param>
/// <param name="Active">False while the activation timer runs (RFC 9574 §5.2).</param>
public sealed record ReplicatorEntry(string ArIp, string? IrIp, string? Device, bool Active, string Mode);

/// <param name="Status">Mode/Preferred/Fallback as the document prints it, e.g. <c>Strict/192.168.104.1/0.0.0.0</c>.</param>
public sealed record DeterministicArEntry(string Policy, string Status, string? InUse);

/// <summary>
/// IGMP/MLD snooping proxy state of a device (Junos <c>show evpn igmp-snooping proxy</c>): per VNI and (S,G) the local
/// listener ports, the remote VTEPs whose SMET routes ask for it, and the deterministic AR policy that steers it.
/// </summary>
public sealed record SnoopingProxyTable(string Device, bool Snooping, IReadOnlyList<SnoopingProxyEntry> Entries);

/// <param name="Source">The source of (S,G) state, <c>0.0.0.0</c> / <c>::</c> for (*,G).</param>
/// <param name="LocalPorts">Access ports with listeners (or synced from a multihoming peer).</param>
/// <param name="RemoteVteps">VTEPs that advertised a matching SMET route (RFC 9251 §8).</param>
public sealed record SnoopingProxyEntry(string Instance, uint Vni, string Group, string Source, IReadOnlyList<string> LocalPorts, IReadOnlyList<string> RemoteVteps,
    string Version, string? DeterministicAr);

/// <summary>
/// What a device did with BUM traffic: copies into the fabric and bytes on fabric ports, per port, and per multicast
/// flow (VNI, S, G) what came in and how many copies went where.
/// </summary>
public sealed record ReplicationAccounting(string Device, long BumCopies, long BumLocalCopies, long BumFabricBytes, long AssistedReceived, long AssistedCopies,
    long ArLeafWithoutSnoopingDrops, IReadOnlyList<ReplicationPort> Ports, IReadOnlyList<DataPlane.MulticastFlowCounters> Flows);

/// <param name="Link">The device or host at the other end of the port.</param>
public sealed record ReplicationPort(string Port, string? Link, bool Fabric, long BumFrames, long BumBytes);
