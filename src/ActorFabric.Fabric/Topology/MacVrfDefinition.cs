using ActorFabric.Wire.Bgp;

namespace ActorFabric.Fabric.Topology;

/// <summary>
/// An EVPN instance: its service type, EVI, route targets and the broadcast domains (VLAN ↔ VNI)
/// it holds. The RD differs per leaf, so ask <see cref="RouteDistinguisherFor"/>.
/// </summary>
public sealed class MacVrfDefinition
{
    public required int Index { get; init; }
    public required string Name { get; init; }
    public required ServiceType ServiceType { get; init; }

    /// <summary>EVI number (1..65535); the assigned-number half of the auto RD.</summary>
    public required ushort Evi { get; init; }

    /// <summary>The RD given in the file, or null to use type 1 <c>router-id:EVI</c> on each leaf.</summary>
    public RouteDistinguisher? ConfiguredRouteDistinguisher { get; init; }

    public required IReadOnlyList<ExtendedCommunity> ImportTargets { get; init; }
    public required IReadOnlyList<ExtendedCommunity> ExportTargets { get; init; }

    /// <summary>Indices into <see cref="FabricTopology.BroadcastDomains"/>, in declaration order.</summary>
    public required IReadOnlyList<int> BroadcastDomains { get; init; }

    /// <summary>RFC 7432 §7.9: a type 1 RD made of the PE's router id and the EVI, unless one was configured.</summary>
    public RouteDistinguisher RouteDistinguisherFor(FabricNode node) =>
        ConfiguredRouteDistinguisher ?? RouteDistinguisher.FromIpv4(node.RouterId, Evi);

    public override string ToString() => $"{Name} (EVI {Evi}, {ServiceType.ToName()})";
}
