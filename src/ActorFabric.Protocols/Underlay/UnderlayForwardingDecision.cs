namespace ActorFabric.Protocols.Underlay;

public enum UnderlayForwardingKind
{
    /// <summary>Send out of <see cref="UnderlayForwardingDecision.NextHop"/>.</summary>
    Forward,
    /// <summary>The destination is one of this router's own prefixes: deliver (e.g. decapsulate) here.</summary>
    Local,
    /// <summary>No route: drop.</summary>
    NoRoute,
}

/// <summary>What to do with one packet towards an underlay destination.</summary>
public readonly record struct UnderlayForwardingDecision(UnderlayForwardingKind Kind, UnderlayNextHop NextHop);
