using ActorFabric.Fabric.DataPlane;
using ActorFabric.Fabric.Hosts;

namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// Optimized Inter-Subnet Multicast state of one device (<c>show evpn oism</c>; RFC 9625): per tenant its SBD, the
/// device's OISM role, the OISM PEs it sees in the SBD with their flags, the SBD-SMET routes, and per (S,G) the BD it
/// came in and the BDs it was routed into here.
/// </summary>
public sealed record OismTable(string Device, IReadOnlyList<OismTenantState> Tenants, long RoutedCopies, long SupplementaryCopies, long TtlExpired, long ExternalSent)
{
    /// <summary>Received routes treated as withdrawn for conflicting route targets (RFC 9625 §2.2), and the last reason.</summary>
    public long MalformedRoutes { get; init; }

    public string? LastMalformed { get; init; }
}

/// <param name="Role">"Border leaf (PEG)" or "Server leaf", as the Junos OISM roles.</param>
/// <param name="Flags">This device's Multicast Flags EC on the SBD-IMET, named (RFC 9625 §8, RFC 9251 §9.4).</param>
/// <param name="ExternalSource">The emulated source behind this PEG, null when none.</param>
public sealed record OismTenantState(string Vrf, string Role, ushort SbdVlan, uint SbdVni, string Flags, IReadOnlyList<OismBridgeDomain> Domains,
    IReadOnlyList<OismPeer> Peers, IReadOnlyList<OismSbdRoute> SbdRoutes, IReadOnlyList<OismFlowCounters> Flows,
    string? ExternalSource, IReadOnlyList<string> ExternalGroups, IReadOnlyList<MulticastStreamReception> ExternalReceived);

/// <param name="IrbMac">Source MAC of what the IP-VRF routes into the BD (the SBD: the device's SBD IRB MAC).</param>
public sealed record OismBridgeDomain(ushort Vlan, uint Vni, string Kind, string IrbMac, int LocalPorts);

/// <summary>A remote PE of the tenant as its SBD-IMET route shows it.</summary>
public sealed record OismPeer(string Vtep, string? Device, string Flags, bool Oism, bool Gateway);

/// <summary>An SBD-SMET route: originated here (Local) or imported from <see cref="Device"/>.</summary>
public sealed record OismSbdRoute(string Group, string Source, string Originator, string? Device, bool Local);
