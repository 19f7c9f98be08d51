using Akka.Actor;
using ActorFabric.Fabric.Runtime.Messages;
using ActorFabric.Fabric.Topology;
using ActorFabric.Protocols.Bgp.Speaker;

namespace ActorFabric.Fabric.Runtime.Devices;

/// <summary>
/// Everything a switch actor is built from: configuration and immutable shared values (topology, expectation,
/// interners of immutable routes), and the refs of the node's monitor and path-trace collector. Wiring comes later,
/// in <see cref="DeviceBoot"/>.
/// </summary>
internal sealed record SwitchSetup
{
    public required FabricTopology Topology { get; init; }
    public required int NodeIndex { get; init; }
    public required ConvergenceExpectation Expectation { get; init; }
    public required IActorRef Monitor { get; init; }
    public required IActorRef PathTraces { get; init; }
    public required int Seed { get; init; }
    public TimeSpan BgpUpdateDelay { get; init; }
    /// <summary>Written by this device only; read by metric scrapes.</summary>
    public required DeviceGauges Gauges { get; init; }
    /// <summary>Pools shared by every BGP speaker of the fabric (null: each speaker keeps its own copies).</summary>
    public EvpnRouteInterner? RouteInterner { get; init; }
    public AttributeInterner? AttributeInterner { get; init; }
    /// <summary>
    /// The wiring, when the device boots itself (a sharded entity, started by whoever first addresses it); it then
    /// asks each of its links for carrier, since a link may have started long before it (null: a supervisor sends
    /// <see cref="DeviceBoot"/>, after creating the links).
    /// </summary>
    public DeviceBoot? Boot { get; init; }
    /// <summary>
    /// Advertise BGP graceful restart (RFC 4724) so peers keep this device's routes while it moves to another
    /// cluster node; off in one process, where a stopped device should be withdrawn at once.
    /// </summary>
    public bool GracefulRestart { get; init; }
    /// <summary>
    /// Tell the parent (a persistent entity) every change of what the journal keeps: local MAC-mobility sequence
    /// numbers and duplicate-MAC state (<see cref="MacMobilityFact"/>).
    /// </summary>
    public bool ReportMobility { get; init; }
    /// <summary>Mobility state from the journal, laid over the MAC-VRFs when the device first starts.</summary>
    public IReadOnlyList<MacMobilityFact> RestoredMobility { get; init; } = [];
}

/// <summary>A local MAC's advertised mobility sequence number and duplicate state (RFC 7432 §15, §15.1); MAC as 48 bits.</summary>
internal sealed record MacMobilityFact(uint Vni, ulong Mac, uint Sequence, bool Duplicate) : IControlMessage;

/// <summary>A device port and the link on it (the device's side of the link: 0 = A, 1 = B).</summary>
internal sealed record PortLink(int Port, IActorRef Link, int Side);

/// <summary>A fabric port and the node index of the neighbour on it.</summary>
internal sealed record PortNeighbor(int Port, int Neighbor);

/// <summary>
/// An access port and its VLAN; <paramref name="StaticMac"/> (48 bits, 0 for none) is a MAC configured static on it
/// (RFC 7432 §15.2); <paramref name="Esi"/> is non-zero when the port is a link of a multihomed Ethernet segment, and
/// <paramref name="SegmentHostMac"/> then the MAC of the host (VM) behind it.
/// </summary>
internal sealed record PortVlan(int Port, ushort Vlan, ulong StaticMac = 0, Wire.Bgp.EthernetSegmentId Esi = default, ulong SegmentHostMac = 0);

/// <summary>
/// Sent by the supervisor once every link exists (and by a device to itself when it restarts): the device's whole
/// wiring as one immutable value, and which ports already have carrier.
/// </summary>
internal sealed record DeviceBoot(PortLink[] Links, PortNeighbor[] FabricNeighbors, PortVlan[] AccessPorts, int[] CarrierUp) : IControlMessage;
