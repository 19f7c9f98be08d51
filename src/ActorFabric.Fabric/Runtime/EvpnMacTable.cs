namespace ActorFabric.Fabric.Runtime;

/// <summary>FRR <c>show evpn mac vni N</c>: the MACs a leaf knows per VNI.</summary>
public sealed record EvpnMacTable(string Device, uint? Vni, IReadOnlyList<EvpnMacEntry> Entries);

/// <param name="Kind">"local" (learned or static on an access port) or "remote" (from a type-2 route).</param>
/// <param name="Interface">Access port name for local MACs.</param>
/// <param name="RemoteVtep">Dotted VTEP address for remote MACs.</param>
/// <param name="Sticky">A static MAC here, or a remote one advertised sticky (RFC 7432 §15.2): it never moves.</param>
/// <param name="StickyConflicts">How many times this leaf raised a sticky-MAC conflict for the MAC (learned or advertised where it may not move).</param>
public sealed record EvpnMacEntry(
    uint Vni,
    string Mac,
    string Kind,
    string? Interface,
    string? RemoteVtep,
    string? Ip,
    uint Sequence,
    bool Duplicate,
    bool Sticky = false,
    int StickyConflicts = 0);
