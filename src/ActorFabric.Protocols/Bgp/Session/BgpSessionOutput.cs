using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Bgp.Session;

/// <summary>Something a <see cref="BgpSession"/> asks its host to do or tells it; drained with <see cref="BgpSession.TryPoll"/>.</summary>
public abstract record BgpSessionOutput;

/// <summary>Send this message on the transport (the byte layer encodes it with <see cref="BgpSession.CodecOptions"/>).</summary>
public sealed record BgpSend(BgpMessage Message) : BgpSessionOutput;

/// <summary>Open an outgoing transport connection to the peer (RFC 4271 §8.2.2 "initiates a TCP connection").</summary>
public sealed record BgpOpenTransport : BgpSessionOutput
{
    public static readonly BgpOpenTransport Instance = new();
}

/// <summary>Close the transport (after sending anything queued before this output).</summary>
public sealed record BgpCloseTransport : BgpSessionOutput
{
    public static readonly BgpCloseTransport Instance = new();
}

public sealed record BgpStateChanged(BgpSessionState From, BgpSessionState To) : BgpSessionOutput;

/// <summary>An UPDATE arrived in Established. With <paramref name="TreatAsWithdraw"/> every route it names must be withdrawn (RFC 7606 §2).</summary>
public sealed record BgpUpdateReceived(UpdateMessage Update, bool TreatAsWithdraw) : BgpSessionOutput;

/// <summary>The peer finished its initial table for a family (RFC 4724 §2).</summary>
public sealed record BgpEndOfRibReceived(BgpFamily Family) : BgpSessionOutput;

/// <summary>The peer asks us to re-send our Adj-RIB-Out for a family (RFC 2918 §4; subtype per RFC 7313).</summary>
public sealed record BgpRouteRefreshRequested(RouteRefreshMessage Request) : BgpSessionOutput;

/// <summary>Why a session left Established (or failed before it).</summary>
public enum BgpSessionDownReason : byte
{
    Stopped,
    TransportClosed,
    HoldTimerExpired,
    NotificationReceived,
    NotificationSent,
}

/// <summary>
/// The session left Established. <paramref name="PeerGracefulRestart"/> is the peer's GR capability from its OPEN
/// (null if none): the RIB keeps its routes as stale when the loss was not a NOTIFICATION (RFC 4724 §4.2).
/// </summary>
public sealed record BgpSessionDown(BgpSessionDownReason Reason, NotificationMessage? Notification, GracefulRestartCapability? PeerGracefulRestart) : BgpSessionOutput;
