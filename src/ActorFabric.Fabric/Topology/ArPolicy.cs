namespace ActorFabric.Fabric.Topology;

/// <summary>
/// A deterministic AR policy (the document's "Deterministic Load Balancing"): a flow matching <see cref="Group"/>,
/// <see cref="Vni"/> and <see cref="Source"/> (each optional) goes to <see cref="Replicator"/>. When that replicator is
/// not available: strict drops the flow; loose tries <see cref="Fallback"/>, then the default load balancing
/// (then ingress replication when no replicator is left). A source only matches IGMPv3 / MLDv2 state (SMET routes
/// carry a source only for them).
/// </summary>
public sealed record ArPolicy
{
    public required string Name { get; init; }

    /// <summary>Group prefix (multicast, IPv4 or IPv6), or null = any group.</summary>
    public AddressPrefix? Group { get; init; }

    /// <summary>The VNI (the document's bridge-domain match), or 0 = any VNI.</summary>
    public uint Vni { get; init; }

    /// <summary>Source prefix (unicast, same family as the group), or null = any source.</summary>
    public AddressPrefix? Source { get; init; }

    /// <summary>Index into <see cref="FabricTopology.Nodes"/> of the preferred replicator.</summary>
    public required int Replicator { get; init; }

    /// <summary>AR IP of <see cref="Replicator"/> (host order).</summary>
    public required uint ReplicatorIp { get; init; }

    /// <summary>Node index of the fallback replicator (loose mode), or -1.</summary>
    public int Fallback { get; init; } = -1;

    /// <summary>AR IP of <see cref="Fallback"/>, or 0 (shown as 0.0.0.0, like the document's strict policies).</summary>
    public uint FallbackIp { get; init; }

    /// <summary>Strict mode: drop matching flows while the preferred replicator is down.</summary>
    public bool Strict { get; init; }

    /// <summary>Whether a flow matches: its group (a host prefix), VNI and source (null = any-source (*,G) state).</summary>
    public bool Matches(AddressPrefix group, uint vni, AddressPrefix? source) =>
        (Vni == 0 || Vni == vni)
        && (Group is not { } g || g.Contains(group))
        && (Source is not { } s || source is { } src && s.Contains(src));
}
