using ActorFabric.Wire.Bfd;

namespace ActorFabric.Protocols.Bfd;

public enum BfdSessionEventKind
{
    /// <summary>The session reached Up: the path to the peer works in both directions.</summary>
    Up,
    /// <summary>The session left Up; <see cref="BfdSessionEvent.Diagnostic"/> says why (1 = detection time expired).</summary>
    Down,
}

/// <summary>A liveness change the host reacts to, e.g. by dropping the BGP session riding on this path.</summary>
public readonly record struct BfdSessionEvent(BfdSessionEventKind Kind, BfdState State, BfdDiagnostic Diagnostic, TimeSpan At);
