using Akka.Actor;
using ActorFabric.Fabric.Runtime.Devices;

namespace ActorFabric.Fabric.Runtime.Messages;

// Facade → actor commands and their answers, and the reports actors send to the per-node monitors. All Hyperion
// (config/akka.conf binds IControlMessage), so a command can reach a device on another node.

internal sealed record DeviceQuery(DeviceQueryKind Kind, uint? Vni) : IControlMessage;

/// <summary>The answer to a query: one of the public result records (BgpSummary, EvpnMacTable, CaptureInfo, …).</summary>
internal sealed record QueryAnswer(object Value) : IControlMessage;

internal sealed record LinkSetState(bool Up) : IControlMessage;

internal sealed record LinkSetParameters(TimeSpan? Latency, double? Loss) : IControlMessage;

/// <summary>Copy every frame the link accepts to <paramref name="Writer"/> (a <c>CaptureWriter</c> actor).</summary>
internal sealed record LinkAttachCapture(string Id, IActorRef Writer) : IControlMessage;

internal sealed record LinkDetachCapture(string Id) : IControlMessage;

/// <summary>Re-points the leaf end of a host access link (VM move).</summary>
internal sealed record LinkReattach(IActorRef Device, int Port) : IControlMessage;

/// <summary>
/// A leaf tells the host at the far end of a single-active segment link whether that link is the active one (the
/// leaf is DF for the host's VLAN) or standby, as LACP's in-sync bit would: the host's bond then sends on an active
/// link. A link actor relays it to its host end with <see cref="Member"/> set; the leaf sends −1.
/// </summary>
internal sealed record LagMemberRole(int Member, bool Active) : IControlMessage;

/// <summary>A multihomed host claims side A of one of its LAG links (its member number is the port): sent when it starts.</summary>
internal sealed record LinkEndA(IActorRef Host, int Port) : IControlMessage;

/// <summary>A device that booted on its own asks a link to tell its side (0 = A, 1 = B) the carrier state again.</summary>
internal sealed record CarrierRefresh(int Side) : IControlMessage;

/// <summary>
/// A device stopped (<paramref name="On"/> false) or started its port on side <paramref name="Side"/> (0 = A, 1 = B)
/// of this link: the far end loses the carrier, or gets it back if the link itself is up (its own state does not change).
/// </summary>
internal sealed record PortPower(int Side, bool On) : IControlMessage;

internal sealed record DeviceStop : IControlMessage
{
    public static readonly DeviceStop Instance = new();
}

internal sealed record DeviceStart : IControlMessage
{
    public static readonly DeviceStart Instance = new();
}

/// <summary>What a stop or start did: false when the device already was in that state.</summary>
internal sealed record DeviceStateChanged(bool Changed) : IControlMessage;

/// <summary>Configures an access port on a leaf for a host that moved there.</summary>
internal sealed record AttachAccessPort(int Port, ushort Vlan, IActorRef Link) : IControlMessage;

/// <summary>The host link on this access port now ends elsewhere (VM moved away): stop sending on it.</summary>
internal sealed record DetachAccessLink(int Port) : IControlMessage;

internal sealed record Ack : IControlMessage
{
    public static readonly Ack Instance = new();
}

/// <summary>Stop a capture: the writer flushes, closes its file and answers with its <see cref="CaptureInfo"/>.</summary>
internal sealed record CaptureClose : IControlMessage
{
    public static readonly CaptureClose Instance = new();
}

internal sealed record CaptureInfoQuery : IControlMessage
{
    public static readonly CaptureInfoQuery Instance = new();
}
