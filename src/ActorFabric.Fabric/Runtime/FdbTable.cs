namespace ActorFabric.Fabric.Runtime;

/// <summary>A leaf's forwarding database (all bridge domains).</summary>
public sealed record FdbTable(string Device, IReadOnlyList<FdbRow> Entries);

/// <param name="Kind">Learned, Static or Remote.</param>
/// <param name="Port">Access port name, or null for remote entries.</param>
public sealed record FdbRow(ushort Vlan, uint Vni, string Mac, string Kind, string? Port, string? Vtep);
