namespace ActorFabric.Protocols.Bfd;

/// <summary>Configuration of one asynchronous-mode BFD session (RFC 5880 §6.8.1 bfd.* variables).</summary>
public sealed record BfdSessionOptions
{
    /// <summary>bfd.DesiredMinTxInterval once the session is Up. Default 300 ms.</summary>
    public TimeSpan DesiredMinTxInterval { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>bfd.RequiredMinRxInterval: the fastest rate this system accepts packets at. Default 300 ms.</summary>
    public TimeSpan RequiredMinRxInterval { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>bfd.DetectMult sent to the peer; the peer's detection time is this times the agreed interval. Default 3.</summary>
    public byte DetectMultiplier { get; init; } = 3;

    /// <summary>
    /// While not Up, transmit no faster than once a second (RFC 5880 §6.8.3), so a session that
    /// cannot come up costs little. On by default.
    /// </summary>
    public bool SlowStart { get; init; } = true;

    /// <summary>The slow-start transmit interval used while not Up. Default 1 s.</summary>
    public TimeSpan SlowStartInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Passive role (§6.1): stay silent until a packet from the peer has been heard.</summary>
    public bool Passive { get; init; }

    internal void Validate()
    {
        if (DetectMultiplier == 0) throw new ArgumentOutOfRangeException(nameof(DetectMultiplier), "must be at least 1");
        if (DesiredMinTxInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(DesiredMinTxInterval));
        if (RequiredMinRxInterval < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RequiredMinRxInterval));
    }
}
