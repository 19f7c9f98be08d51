namespace ActorFabric.Fabric.Topology;

/// <summary>
/// Optimized Inter-Subnet Multicast of one IP-VRF (RFC 9625; docs/topology.md § OISM): the supplementary broadcast
/// domain every routing node of the tenant carries, the PIM/EVPN gateways (PEGs) and the emulated multicast network
/// behind them. Indices point into the <see cref="FabricTopology"/> arrays.
/// </summary>
public sealed record OismDefinition
{
    /// <summary>The SBD: index into <see cref="FabricTopology.BroadcastDomains"/> (one VLAN of a MAC-VRF of its own, no hosts).</summary>
    public required int SupplementaryDomain { get; init; }

    /// <summary>Border leaves acting as PIM/EVPN gateways towards the external network (node indices, ascending).</summary>
    public required IReadOnlyList<int> Gateways { get; init; }

    /// <summary>IPv4 address of the emulated external multicast source behind the PEGs; 0 when none.</summary>
    public uint ExternalSource { get; init; }

    /// <summary>IPv4 groups that emulated receivers behind the PEGs joined.</summary>
    public IReadOnlyList<uint> ExternalGroups { get; init; } = [];
}
