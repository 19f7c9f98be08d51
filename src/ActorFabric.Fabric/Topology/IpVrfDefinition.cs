using ActorFabric.Wire.Bgp;

namespace ActorFabric.Fabric.Topology;

/// <summary>
/// A tenant's IP-VRF (RFC 9135 §3): the routing table shared by the broadcast domains of its MAC-VRFs, with an L3 VNI
/// (Label2 of symmetric type 2 routes, RFC 9135 §5.1; the label of type 5 routes, RFC 9136 §4.4.1) and its own route
/// targets. Indices point into the <see cref="FabricTopology"/> arrays.
/// </summary>
public sealed class IpVrfDefinition
{
    public required int Index { get; init; }
    public required string Name { get; init; }
    public required uint L3Vni { get; init; }

    /// <summary>Configured, or derived from the L3 VNI like a MAC-VRF's (settings.route-target-derivation).</summary>
    public required IReadOnlyList<ExtendedCommunity> ImportTargets { get; init; }
    public required IReadOnlyList<ExtendedCommunity> ExportTargets { get; init; }

    /// <summary>Indices into <see cref="FabricTopology.MacVrfs"/> in declaration order; each MAC-VRF is in at most one IP-VRF.</summary>
    public required IReadOnlyList<int> MacVrfs { get; init; }

    /// <summary>Indices into <see cref="FabricTopology.BroadcastDomains"/> of those MAC-VRFs (the IRB interfaces), ascending.</summary>
    public required IReadOnlyList<int> BroadcastDomains { get; init; }

    /// <summary>
    /// Node indices that route this VRF, ascending: with ERB every VTEP carrying one of its VLANs, with CRB the routing
    /// nodes; in both designs also the border leaves with external prefixes in it.
    /// </summary>
    public required IReadOnlyList<int> RoutingNodes { get; init; }

    /// <summary>Optimized Inter-Subnet Multicast of the tenant (RFC 9625); null when the VRF has no <c>oism:</c> block.</summary>
    public OismDefinition? Oism { get; internal set; }

    public override string ToString() => $"{Name} (L3 VNI {L3Vni})";
}
