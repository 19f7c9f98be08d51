namespace ActorFabric.Fabric.Runtime;

/// <summary>FRR <c>show evpn mac vni N</c>: the MACs a leaf knows per VNI.</summary>
public sealed record EvpnMacTable(string Device, uint? Vni, IReadOnlyList<EvpnMacEntry> Entries);

/// <param name="Kind">"local" (learned or static on an access port) or "remote" (from a type-2 route).</param>
/// <param name="Interface">Access port name for local MACs.</param>
/// <param name="RemoteVtep">Dotted VTEP address for remote MACs.</param>
public sealed record EvpnMacEntry(
    uint Vni,
    string Mac,
    string Kind,
    string? Interface,
    string? RemoteVtep,
    string? Ip,
    uint Sequence,
    bool Duplicate);
