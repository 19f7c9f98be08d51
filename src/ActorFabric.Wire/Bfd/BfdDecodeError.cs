namespace ActorFabric.Wire.Bfd;

/// <summary>
/// Why a BFD Control packet was rejected. These are the packet-only discard rules of
/// RFC 5880 §6.8.6; rules that need session state (discriminator match) live in the session.
/// </summary>
public enum BfdDecodeError
{
    None = 0,
    /// <summary>Fewer than 24 bytes, or fewer than the Length field claims.</summary>
    Truncated,
    /// <summary>Version is not 1.</summary>
    UnsupportedVersion,
    /// <summary>Length field below the 24-byte mandatory section.</summary>
    LengthTooShort,
    /// <summary>Detect Mult is zero.</summary>
    ZeroDetectMultiplier,
    /// <summary>Multipoint (M) bit set.</summary>
    MultipointSet,
    /// <summary>My Discriminator is zero.</summary>
    ZeroMyDiscriminator,
    /// <summary>Your Discriminator is zero while State is Init or Up.</summary>
    ZeroYourDiscriminator,
    /// <summary>Authentication Present (A) bit set; this implementation runs without authentication.</summary>
    AuthenticationNotSupported,
}
