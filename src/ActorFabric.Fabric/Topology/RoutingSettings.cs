namespace ActorFabric.Fabric.Topology;

/// <summary>
/// The fabric's inter-subnet routing (the optional <c>routing:</c> block; docs/topology.md § routing). Without the
/// block every value is the default below; it only matters once the topology has <c>ip-vrfs:</c>.
/// </summary>
public sealed record RoutingSettings
{
    /// <summary>RFC 9135 §4.1: the auto-derived IPv4 anycast gateway MAC is 00-00-5E-00-01-{VRID}, VRID 1 by default.</summary>
    public const ulong DefaultAnycastMac = 0x0000_5E00_0101UL;

    public static readonly RoutingSettings Default = new();

    public RoutingDesign Design { get; init; } = RoutingDesign.Erb;

    public IrbMode Irb { get; init; } = IrbMode.Symmetric;

    public PrefixRouteModel PrefixRoutes { get; init; } = PrefixRouteModel.InterfaceLess;

    /// <summary>
    /// Ingress VM traffic optimisation (the Junos knob): host routes learned from remote VTEPs that share no Ethernet
    /// segment with this one are installed in the IP-VRF, so traffic goes straight to a moved host instead of to a
    /// subnet route. Off by default, as on Junos.
    /// </summary>
    public bool Vmto { get; init; }

    /// <summary>
    /// The gateway MAC every routing node answers ARP for the anycast gateway IP with, and sources routed frames from
    /// towards hosts (RFC 9135 §4.1 option 1: the same MAC on every node, so a moved host keeps its ARP entry).
    /// Low 48 bits, as <see cref="AddressSyntax"/> stores MACs.
    /// </summary>
    public ulong AnycastMac { get; init; } = DefaultAnycastMac;
}
