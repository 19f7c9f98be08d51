namespace ActorFabric.Fabric.Topology;

/// <summary>
/// A switch or route reflector of the fabric (hosts are <see cref="FabricHost"/>). Every address is
/// resolved: loopback, router id and VTEP are never zero for a VTEP, and <see cref="BroadcastDomains"/>
/// lists (ascending) the indices into <see cref="FabricTopology.BroadcastDomains"/> this leaf carries.
/// </summary>
public sealed class FabricNode
{
    public required int Index { get; init; }
    public required string Name { get; init; }
    public required NodeRole Role { get; init; }

    /// <summary>True for dedicated route reflectors and for spines configured to reflect.</summary>
    public required bool IsRouteReflector { get; init; }

    /// <summary>Loopback /32, host-order IPv4 (see <see cref="AddressSyntax"/>).</summary>
    public required uint Loopback { get; init; }

    /// <summary>BGP identifier; the loopback unless given.</summary>
    public required uint RouterId { get; init; }

    /// <summary>VXLAN tunnel source address; the loopback for leaves, 0 for spines and route reflectors.</summary>
    public required uint Vtep { get; init; }

    public required uint Asn { get; init; }

    /// <summary>Number of front-panel ports (<c>eth1</c>..<c>ethN</c>); 0 = not declared, any name goes.</summary>
    public required int PortCount { get; init; }

    /// <summary>containerlab kind and image when imported, else null.</summary>
    public string? Kind { get; init; }
    public string? Image { get; init; }

    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    public required IReadOnlyList<int> BroadcastDomains { get; init; }

    /// <summary>Assisted Replication role (RFC 9574 §3); <see cref="ArRole.None"/> without the <c>assisted-replication:</c> block.</summary>
    public ArRole ArRole { get; init; }

    /// <summary>A replicator's AR IP, the second loopback its AR tunnel ends on (host order); 0 for every other node.</summary>
    public uint ArIp { get; init; }

    /// <summary>IGMP/MLD snooping (and SMET) on this VTEP's VLANs: the node's <c>snooping</c>, else the fabric's; false off VTEPs.</summary>
    public bool Snooping { get; init; }

    /// <summary>A routing node of a CRB fabric (<c>routes: true</c>): it holds the IRB interfaces of every IP-VRF.</summary>
    public bool IsRoutingNode { get; init; }

    /// <summary>Indices into <see cref="FabricTopology.IpVrfs"/> this node routes, ascending (see <see cref="IpVrfDefinition.RoutingNodes"/>).</summary>
    public IReadOnlyList<int> RoutesVrfs { get; init; } = [];

    /// <summary>Prefixes from outside the fabric a border leaf advertises as type 5 routes (RFC 9136 §4.4.1), as written.</summary>
    public IReadOnlyList<ExternalPrefix> ExternalPrefixes { get; init; } = [];

    /// <summary>
    /// Leaves and border leaves, and a CRB routing node: it terminates VXLAN for its IRB interfaces (RFC 9135 §6), so
    /// it carries every VLAN of the IP-VRFs it routes and has a VTEP address (its loopback unless written).
    /// </summary>
    public bool IsVtep => Role.IsVtep() || IsRoutingNode;

    public override string ToString() => $"{Name} ({Role.ToName()})";
}
