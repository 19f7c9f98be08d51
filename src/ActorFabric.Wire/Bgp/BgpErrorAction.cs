namespace ActorFabric.Wire.Bgp;

/// <summary>
/// What a receiver does about a malformed message, from least to most disruptive (RFC 7606 §2):
/// discard an attribute, treat the UPDATE's routes as withdrawn, or reset the session with a NOTIFICATION
/// (RFC 4271 §6).
/// </summary>
public enum BgpErrorAction : byte
{
    None = 0,
    AttributeDiscard = 1,
    TreatAsWithdraw = 2,
    SessionReset = 3,
}

/// <summary>
/// The outcome of decoding one framed message. Never an exception: <see cref="Message"/> is set unless
/// <see cref="Action"/> is <see cref="BgpErrorAction.SessionReset"/>, in which case <see cref="Notification"/>
/// is the NOTIFICATION to send. With <see cref="BgpErrorAction.TreatAsWithdraw"/> the message is the UPDATE as
/// far as it could be read and every route in its MP_REACH and MP_UNREACH must be withdrawn.
/// <see cref="Diagnostics"/> says, for the log, what was discarded or why (RFC 7606 §8: log every such action).
/// </summary>
public sealed record BgpDecodeResult(BgpMessage? Message, BgpErrorAction Action, NotificationMessage? Notification, string[] Diagnostics)
{
    public static BgpDecodeResult Ok(BgpMessage message) => new(message, BgpErrorAction.None, null, []);
    public static BgpDecodeResult Reset(byte code, byte subcode, byte[] data, string why) => new(null, BgpErrorAction.SessionReset, new NotificationMessage(code, subcode, data), [why]);
    public bool IsSessionReset => Action == BgpErrorAction.SessionReset;
}

/// <summary>NOTIFICATION error codes and subcodes (RFC 4271 §4.5, §6; RFC 4486; RFC 6608; RFC 7313).</summary>
public static class BgpErrorCodes
{
    public const byte MessageHeaderError = 1;
    public const byte ConnectionNotSynchronized = 1, BadMessageLength = 2, BadMessageType = 3;

    public const byte OpenMessageError = 2;
    public const byte UnsupportedVersionNumber = 1, BadPeerAs = 2, BadBgpIdentifier = 3, UnsupportedOptionalParameter = 4,
        UnacceptableHoldTime = 6, UnsupportedCapability = 7;

    public const byte UpdateMessageError = 3;
    public const byte MalformedAttributeList = 1, UnrecognizedWellKnownAttribute = 2, MissingWellKnownAttribute = 3,
        AttributeFlagsError = 4, AttributeLengthError = 5, InvalidOrigin = 6, InvalidNextHop = 8, OptionalAttributeError = 9,
        InvalidNetworkField = 10, MalformedAsPath = 11;

    public const byte HoldTimerExpired = 4;

    public const byte FiniteStateMachineError = 5;
    public const byte UnexpectedInOpenSent = 1, UnexpectedInOpenConfirm = 2, UnexpectedInEstablished = 3;

    public const byte Cease = 6;
    public const byte MaxPrefixesReached = 1, AdministrativeShutdown = 2, PeerDeconfigured = 3, AdministrativeReset = 4,
        ConnectionRejected = 5, OtherConfigurationChange = 6, ConnectionCollisionResolution = 7, OutOfResources = 8, HardReset = 9,
        BfdDown = 10;

    public const byte RouteRefreshMessageError = 7;
    public const byte InvalidMessageLength = 1;
}
