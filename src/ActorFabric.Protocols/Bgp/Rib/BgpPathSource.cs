using System.Net;

namespace ActorFabric.Protocols.Bgp.Rib;

/// <summary>
/// Where a path came from: a peer (its identifier, AS, address, role) or this speaker itself. One instance per
/// peer, shared by all of its paths; best-path selection reads it (RFC 4271 §9.1.2.2 d, f, g).
/// </summary>
public sealed class BgpPathSource
{
    public BgpPathSource(int id, IPAddress address, bool isLocal = false)
    {
        Id = id;
        Address = address;
        IsLocal = isLocal;
    }

    /// <summary>A stable number (peer creation order; 0 = local) used as the last, deterministic tie-break.</summary>
    public int Id { get; }
    public IPAddress Address { get; }
    public bool IsLocal { get; }
    /// <summary>The peer's BGP Identifier from its OPEN.</summary>
    public uint RouterId { get; set; }
    public uint As { get; set; }
    public bool IsExternal { get; set; }
    public bool IsRouteReflectorClient { get; set; }

    /// <summary>
    /// This source's paths marked stale (RFC 4724 §4.2, RFC 7313 §4), by reference; null or empty outside a
    /// restart or enhanced refresh. Its <see cref="AdjRibIn"/> maintains it.
    /// </summary>
    internal HashSet<BgpPath>? StalePaths { get; set; }

    internal bool IsStale(BgpPath path) => StalePaths is { Count: > 0 } stale && stale.Contains(path);

    public static BgpPathSource CreateLocal(uint routerId, uint localAs) =>
        new(0, IPAddress.Any, isLocal: true) { RouterId = routerId, As = localAs };

    public override string ToString() => IsLocal ? "local" : $"peer#{Id} {Address}";
}
