using ActorFabric.Actors;
using ActorFabric.Fabric.Topology;
using ActorFabric.Protocols.Bgp.Speaker;

namespace ActorFabric.Fabric.Runtime.Devices;

/// <summary>Everything a switch actor is built from. <see cref="Links"/> is filled by the supervisor after the links exist, before Boot.</summary>
internal sealed class SwitchSetup
{
    public required FabricTopology Topology { get; init; }
    public required int NodeIndex { get; init; }
    public required ConvergenceBoard Board { get; init; }
    public required int Seed { get; init; }
    public TimeSpan BgpUpdateDelay { get; init; }
    public required PathTracer Tracer { get; init; }
    public required DeviceGauges Gauges { get; init; }
    /// <summary>Pools shared by every BGP speaker of the fabric (null: each speaker keeps its own copies).</summary>
    public EvpnRouteInterner? RouteInterner { get; init; }
    public AttributeInterner? AttributeInterner { get; init; }

    /// <summary>Port number → (link actor, side of this device on the link).</summary>
    public Dictionary<int, (IActorRef Link, int Side)> Links { get; } = [];

    /// <summary>Fabric port number → neighbour node index.</summary>
    public Dictionary<int, int> FabricNeighbors { get; } = [];

    /// <summary>Access port number → VLAN (hosts of the topology).</summary>
    public Dictionary<int, ushort> AccessPorts { get; } = [];
}

/// <summary>Sent by the supervisor once the wiring is complete (and after a restart).</summary>
internal sealed record Boot : Actors.Messages.ILocalMessage
{
    public static readonly Boot Instance = new();
}
