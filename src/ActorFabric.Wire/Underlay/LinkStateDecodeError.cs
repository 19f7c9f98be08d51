namespace ActorFabric.Wire.Underlay;

/// <summary>Why an underlay link-state PDU could not be decoded. Decoders return this, never throw.</summary>
public enum LinkStateDecodeError
{
    None = 0,
    /// <summary>Fewer bytes than the header or the declared counts need.</summary>
    Truncated,
    /// <summary>Version byte is not <see cref="LinkStatePduHeader.Version"/>.</summary>
    UnsupportedVersion,
    /// <summary>Type byte names no known PDU, or not the type the caller asked for.</summary>
    UnexpectedType,
    /// <summary>The length field disagrees with the buffer or with the body's counts.</summary>
    LengthMismatch,
    /// <summary>A field holds a value the format forbids (e.g. a prefix longer than 32).</summary>
    Malformed,
}
