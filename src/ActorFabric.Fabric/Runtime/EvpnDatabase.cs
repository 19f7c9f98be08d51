namespace ActorFabric.Fabric.Runtime;

/// <summary>Junos <c>show evpn database</c>: per VNI and MAC the active source and the addresses bound to it.</summary>
public sealed record EvpnDatabase(string Device, IReadOnlyList<EvpnDatabaseEntry> Entries);

/// <param name="ActiveSource">Access port name (local) or remote VTEP address.</param>
public sealed record EvpnDatabaseEntry(uint Vni, string Mac, string ActiveSource, IReadOnlyList<string> IpAddresses, uint Sequence, bool Duplicate);
