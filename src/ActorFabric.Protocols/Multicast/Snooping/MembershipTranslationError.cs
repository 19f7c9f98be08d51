namespace ActorFabric.Protocols.Multicast.Snooping;

/// <summary>Why <see cref="MembershipTranslator"/> dropped a message (the frame is still forwarded as the caller decides).</summary>
public enum MembershipTranslationError : byte
{
    None = 0,
    /// <summary>Shorter than its header or its declared records.</summary>
    Truncated,
    BadChecksum,
    /// <summary>Not a query, report, leave or Done.</summary>
    UnsupportedMessageType,
    /// <summary>A report, leave or group-specific query naming a non-multicast group.</summary>
    InvalidGroupAddress,
    /// <summary>An MLD message whose IPv6 source is not link-local (RFC 2710 §3, RFC 3810 §5.1.14, §5.2.13: ignore it).</summary>
    SourceNotLinkLocal,
}
