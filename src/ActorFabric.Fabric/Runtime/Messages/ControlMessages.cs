using ActorFabric.Actors.Messages;
using ActorFabric.Fabric.Runtime.Links;

namespace ActorFabric.Fabric.Runtime.Messages;

// Facade → actor commands. They are process-local (ILocalMessage): the facade lives in the same process as the
// supervisor. Cross-node chaos would route through a serializable envelope later (see docs/fabric.md).

internal sealed record DeviceQuery(DeviceQueryKind Kind, uint? Vni) : ILocalMessage;

/// <summary>A query's answer (one of the public result records), wrapped so it stays process-local.</summary>
internal sealed record DeviceAnswer(object Value) : ILocalMessage;

internal sealed record LinkSetState(bool Up) : ILocalMessage;

internal sealed record LinkSetParameters(TimeSpan? Latency, double? Loss) : ILocalMessage;

internal sealed record LinkAttachCapture(string Id, LinkCapture Capture) : ILocalMessage;

internal sealed record LinkDetachCapture(string Id) : ILocalMessage;

/// <summary>Re-points the leaf end of a host access link (VM move).</summary>
internal sealed record LinkReattach(Actors.IActorRef Device, int Port, DeviceGauges? Gauges) : ILocalMessage;

internal sealed record LinkStatsQuery : ILocalMessage
{
    public static readonly LinkStatsQuery Instance = new();
}

internal sealed record LinkStats(long FramesAtoB, long BytesAtoB, long FramesBtoA, long BytesBtoA, long Dropped, bool Up) : ILocalMessage;

internal sealed record DeviceStop : ILocalMessage
{
    public static readonly DeviceStop Instance = new();
}

internal sealed record DeviceStart : ILocalMessage
{
    public static readonly DeviceStart Instance = new();
}

/// <summary>Configures an access port on a leaf for a host that moved there.</summary>
internal sealed record AttachAccessPort(int Port, ushort Vlan, Actors.IActorRef Link) : ILocalMessage;

/// <summary>The host link on this access port now ends elsewhere (VM moved away): stop sending on it.</summary>
internal sealed record DetachAccessLink(int Port) : ILocalMessage;

internal sealed record Ack : ILocalMessage
{
    public static readonly Ack Instance = new();
}
