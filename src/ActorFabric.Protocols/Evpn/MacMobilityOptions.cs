namespace ActorFabric.Protocols.Evpn;

/// <summary>Duplicate-MAC detection knobs (RFC 7432 §15.1): N moves within M seconds marks a MAC duplicate.</summary>
public sealed record MacMobilityOptions
{
    /// <summary>N: moves inside the window that make a MAC a duplicate (RFC default 5).</summary>
    public int DuplicateMoveThreshold { get; init; } = 5;
    /// <summary>M: the detection window, started by the first move (RFC default 180 s).</summary>
    public TimeSpan DuplicateDetectionWindow { get; init; } = TimeSpan.FromSeconds(180);
    /// <summary>When set, a duplicate MAC is released automatically after this long; otherwise only by <see cref="MacVrf.ClearDuplicate"/>.</summary>
    public TimeSpan? DuplicateRecoveryTime { get; init; }
}
