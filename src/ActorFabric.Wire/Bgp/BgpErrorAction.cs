namespace ActorFabric.Wire.Bgp;

/// <summary>
/// What a receiver does about a malformed message, from least to most disruptive (RFC 7606 §2): discard an
/// attribute, withdraw only the malformed routes of an NLRI field whose entries can still be told apart, treat
/// every route of the UPDATE as withdrawn, or reset the session with a NOTIFICATION (RFC 4271 §6). When several
/// errors meet in one UPDATE the most disruptive wins (RFC 7606 §3 g), hence the ordering of the values.
/// </summary>
public enum BgpErrorAction : byte
{
    None = 0,
    AttributeDiscard = 1,
    /// <summary>
    /// One EVPN NLRI entry is malformed but its Length octet still delimits it: only that route is treated as
    /// withdrawn (RFC 7606 §5.3 allows treat-as-withdraw when the NLRI field can still be parsed) and the other
    /// routes of the UPDATE are processed.
    /// </summary>
    RouteWithdraw = 2,
    TreatAsWithdraw = 3,
    SessionReset = 4,
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
