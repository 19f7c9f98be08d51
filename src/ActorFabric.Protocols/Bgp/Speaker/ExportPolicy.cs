using ActorFabric.Protocols.Bgp.Rib;
using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Bgp.Speaker;

/// <summary>
/// Which best paths go to which kind of peer, and how their attributes change on the way out:
/// iBGP rules of RFC 4271 §9.2 (no iBGP-learned route to iBGP peers), route reflection of RFC 4456 §6/§8
/// (client → everyone but the sender; non-client → clients only; ORIGINATOR_ID set if absent; own CLUSTER_ID
/// prepended; next hop never changed), well-known communities of RFC 1997, and eBGP export (own AS
/// prepended, LOCAL_PREF and the RR attributes stripped). EVPN next hops stay unchanged in every case, so
/// VXLAN tunnels run leaf to leaf.
/// </summary>
public sealed class ExportPolicy
{
    private const uint NoExport = 0xFFFF_FF01, NoAdvertise = 0xFFFF_FF02;

    public ExportPolicy(uint localAs, uint clusterId, bool routeReflector, bool clientToClient = true)
    {
        LocalAs = localAs;
        ClusterId = clusterId;
        RouteReflector = routeReflector;
        ClientToClient = clientToClient;
    }

    public uint LocalAs { get; }
    public uint ClusterId { get; }
    public bool RouteReflector { get; }
    public bool ClientToClient { get; }

    /// <summary>May <paramref name="path"/> be advertised to peers of <paramref name="role"/> (ignoring the never-back-to-sender rule)?</summary>
    public bool ShouldAdvertise(BgpPath path, BgpPeerRole role) => ShouldAdvertise(path.Attributes, path.Source, role);

    /// <summary>As <see cref="ShouldAdvertise(BgpPath, BgpPeerRole)"/> for any family (e.g. route target membership, RFC 4684).</summary>
    public bool ShouldAdvertise(PathAttributes attributes, BgpPathSource source, BgpPeerRole role)
    {
        var communities = attributes.Communities;
        if (communities.Length != 0)
        {
            if (Array.IndexOf(communities, NoAdvertise) >= 0) return false;
            if (role == BgpPeerRole.External && Array.IndexOf(communities, NoExport) >= 0) return false;
        }
        if (source.IsLocal || source.IsExternal || role == BgpPeerRole.External) return true;
        if (!RouteReflector) return false; // RFC 4271 §9.2: iBGP-learned routes are not sent to iBGP peers
        // RFC 4456 §6: from a client to all (clients only if client-to-client reflection is on); from a
        // non-client to clients only.
        if (source.IsRouteReflectorClient) return role != BgpPeerRole.InternalClient || ClientToClient;
        return role == BgpPeerRole.InternalClient;
    }

    /// <summary>The attributes sent for <paramref name="path"/> to peers of <paramref name="role"/>.</summary>
    public PathAttributes Transform(BgpPath path, BgpPeerRole role) => Transform(path.Attributes, path.Source, role);

    /// <summary>As <see cref="Transform(BgpPath, BgpPeerRole)"/> for any family.</summary>
    public PathAttributes Transform(PathAttributes a, BgpPathSource source, BgpPeerRole role)
    {
        if (role == BgpPeerRole.External)
        {
            return a with
            {
                AsPath = (a.AsPath ?? AsPath.Empty).Prepend(LocalAs),
                Origin = a.Origin ?? Origin.Igp,
                LocalPref = null,
                OriginatorId = null,
                ClusterList = [],
            };
        }
        if (source.IsLocal || source.IsExternal)
        {
            if (a.Origin is not null && a.AsPath is not null && a.LocalPref is not null) return a;
            return a with
            {
                Origin = a.Origin ?? Origin.Igp,
                AsPath = a.AsPath ?? AsPath.Empty,
                LocalPref = a.LocalPref ?? BestPathSelector.DefaultLocalPref,
            };
        }
        // Reflection (RFC 4456 §8): keep everything, record the originator and our cluster.
        var clusters = new uint[a.ClusterList.Length + 1];
        clusters[0] = ClusterId;
        a.ClusterList.CopyTo(clusters, 1);
        return a with { OriginatorId = a.OriginatorId ?? source.RouterId, ClusterList = clusters };
    }

    /// <summary>Loop checks on receipt (RFC 4456 §8; RFC 4271 §9.1.2 AS loop): true when the path must be ignored.</summary>
    public bool IsLooped(PathAttributes attributes, uint routerId, bool fromExternal)
    {
        if (attributes.OriginatorId == routerId) return true;
        if (RouteReflector && Array.IndexOf(attributes.ClusterList, ClusterId) >= 0) return true;
        if (fromExternal && attributes.AsPath is { } path && path.Contains(LocalAs)) return true;
        return false;
    }
}
