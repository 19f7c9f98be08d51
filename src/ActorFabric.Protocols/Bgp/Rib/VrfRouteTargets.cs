using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Bgp.Rib;

/// <summary>
/// The route distinguisher and import/export route targets of one EVPN instance or IP-VRF (RFC 7432 §7.9,
/// §7.10). <see cref="AutoDerived"/> builds the FRR/RFC 8365 default: RD = router-id:instance, RT = ASN:VNI auto.
/// </summary>
public sealed record VrfRouteTargets(RouteDistinguisher Rd, RouteTargetSet Import, RouteTargetSet Export)
{
    public static VrfRouteTargets AutoDerived(uint routerId, ushort instanceNumber, uint asn, uint vni)
    {
        var rt = new RouteTargetSet([RouteTargetSet.AutoDerive(asn, vni)]);
        return new VrfRouteTargets(RouteDistinguisher.FromIpv4(routerId, instanceNumber), rt, rt);
    }

    /// <summary>Does this instance import a route with these attributes (any RT matches)?</summary>
    public bool Imports(PathAttributes attributes) => Import.MatchesAny(attributes);

    /// <summary>Attach the export RTs to an attribute set (keeps other communities, no duplicates).</summary>
    public PathAttributes WithExportTargets(PathAttributes attributes)
    {
        var list = new List<ExtendedCommunity>(attributes.ExtendedCommunities);
        foreach (var rt in Export.ToArray()) if (!list.Contains(rt)) list.Add(rt);
        return attributes with { ExtendedCommunities = [.. list] };
    }
}
