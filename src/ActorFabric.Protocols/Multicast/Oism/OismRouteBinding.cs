namespace ActorFabric.Protocols.Multicast.Oism;

/// <summary>What the route targets of a received EVPN route say about the OISM BD it belongs to (RFC 9625 §2.2).</summary>
public enum OismRouteBindingKind
{
    /// <summary>No route target of an OISM tenant here: ordinary EVPN import.</summary>
    NotOism,
    /// <summary>Only the SBD-RT of a tenant is recognised: the route belongs to that tenant's SBD.</summary>
    Supplementary,
    /// <summary>One BD-RT of a tenant (with or without that tenant's SBD-RT): the route belongs to that BD, not the SBD.</summary>
    Revenue,
    /// <summary>Conflicting route targets: the route is malformed and treated as withdrawn.</summary>
    Malformed,
}

/// <summary>The binding of a received route: its kind, the tenant it belongs to, and for a malformed route why.</summary>
public readonly record struct OismRouteBinding(OismRouteBindingKind Kind, string? Tenant, string? Problem)
{
    public static readonly OismRouteBinding NotOism = new(OismRouteBindingKind.NotOism, null, null);
}
