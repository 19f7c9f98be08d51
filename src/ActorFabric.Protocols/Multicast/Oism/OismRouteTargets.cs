using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Multicast.Oism;

/// <summary>
/// The route targets a PE recognises for its OISM tenants, and the rule of RFC 9625 §2.2 that tells which BD a received
/// EVPN route belongs to from them: the SBD-RT alone puts it in the tenant's SBD (whatever its Ethernet tag); a BD-RT,
/// alone or with the same tenant's SBD-RT, puts it in that BD; two SBD-RTs, two BD-RTs, or a BD-RT with another
/// tenant's SBD-RT make the route malformed, and a malformed route is treated as withdrawn (counted here, with the last
/// reason, for show commands and logs). Applies to the routes that belong to one BD (types 2, 3, 6, 7, 8); A-D per-ES
/// routes legitimately carry the RTs of every EVI of their segment, and ES and IP Prefix routes carry no BD-RT.
/// Not thread-safe: the hosting device owns it.
/// </summary>
public sealed class OismRouteTargets
{
    // SBD-RT → tenant; BD-RT → (tenant, BD). Two RTs of one BD (or of one SBD) are not a conflict: the BDs count.
    private readonly Dictionary<ExtendedCommunity, string> _supplementary = [];
    private readonly Dictionary<ExtendedCommunity, (string Tenant, string Domain)> _revenue = [];

    /// <summary>Routes found malformed so far (each announcement counts once).</summary>
    public long Malformed { get; private set; }

    /// <summary>Why the last malformed route was, null when none yet.</summary>
    public string? LastProblem { get; private set; }

    /// <summary>Whether any tenant's route target is known (a PE without OISM tenants checks nothing).</summary>
    public bool IsEmpty => _supplementary.Count == 0 && _revenue.Count == 0;

    /// <summary>
    /// <paramref name="routeTarget"/> is the SBD-RT of <paramref name="tenant"/>. An RT the tenant's revenue BDs import too
    /// (one MAC-VRF holding both) cannot tell them apart and counts as a BD-RT only.
    /// </summary>
    public void AddSupplementary(string tenant, ExtendedCommunity routeTarget)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (!routeTarget.IsRouteTarget || _revenue.ContainsKey(routeTarget)) return;
        _supplementary[routeTarget] = tenant;
    }

    /// <summary><paramref name="routeTarget"/> is an RT of BD <paramref name="domain"/> (not the SBD) of <paramref name="tenant"/>.</summary>
    public void AddRevenue(string tenant, string domain, ExtendedCommunity routeTarget)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(domain);
        if (!routeTarget.IsRouteTarget) return;
        _supplementary.Remove(routeTarget);
        _revenue[routeTarget] = (tenant, domain);
    }

    /// <summary>
    /// The BD <paramref name="route"/> belongs to by its route targets (RFC 9625 §2.2). A malformed result is counted:
    /// call once per announcement (not for withdrawals, which carry no attributes).
    /// </summary>
    public OismRouteBinding Classify(EvpnRoute route, PathAttributes attributes)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(attributes);
        if (IsEmpty || route is not (MacIpAdvertisementRoute or InclusiveMulticastRoute or SelectiveMulticastRoute
            or MulticastMembershipReportSynchRoute or MulticastLeaveSynchRoute))
            return OismRouteBinding.NotOism;
        string? sbdTenant = null, bdTenant = null, bdName = null;
        string? problem = null;
        foreach (var c in attributes.ExtendedCommunities)
        {
            if (!c.IsRouteTarget) continue;
            if (_supplementary.TryGetValue(c, out var t))
            {
                if (sbdTenant is not null && sbdTenant != t) problem ??= $"two SBD route targets (tenants {sbdTenant} and {t})";
                sbdTenant = t;
            }
            else if (_revenue.TryGetValue(c, out var bd))
            {
                if (bdName is not null && (bdTenant, bdName) != bd) problem ??= $"two BD route targets ({bdTenant}/{bdName} and {bd.Tenant}/{bd.Domain})";
                (bdTenant, bdName) = bd;
            }
        }
        if (problem is null && sbdTenant is not null && bdTenant is not null && sbdTenant != bdTenant)
            problem = $"a BD route target of tenant {bdTenant} with the SBD route target of tenant {sbdTenant}";
        if (problem is not null)
        {
            Malformed++;
            LastProblem = $"{route.GetType().Name} from {route.Rd}: {problem}: treat-as-withdraw (RFC 9625 §2.2)";
            return new OismRouteBinding(OismRouteBindingKind.Malformed, bdTenant ?? sbdTenant, LastProblem);
        }
        if (bdTenant is not null) return new OismRouteBinding(OismRouteBindingKind.Revenue, bdTenant, null);
        return sbdTenant is not null ? new OismRouteBinding(OismRouteBindingKind.Supplementary, sbdTenant, null) : OismRouteBinding.NotOism;
    }
}
