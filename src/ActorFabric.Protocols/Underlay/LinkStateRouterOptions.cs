using ActorFabric.Wire.Underlay;

namespace ActorFabric.Protocols.Underlay;

/// <summary>Configuration of one <see cref="LinkStateRouter"/>. Times are virtual-time spans.</summary>
public sealed record LinkStateRouterOptions
{
    /// <summary>This router's identity in hellos and LSPs; nonzero and unique in the fabric. Usually the loopback address.</summary>
    public required uint RouterId { get; init; }

    /// <summary>Loopback address advertised as a /32 (the VTEP and BGP source address).</summary>
    public required uint Loopback { get; init; }

    /// <summary>Further prefixes to advertise (e.g. an anycast VTEP address).</summary>
    public IReadOnlyList<UnderlayPrefix> AdditionalPrefixes { get; init; } = [];

    public TimeSpan HelloInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Sent in hellos: how long the neighbor keeps the adjacency without hearing from us.</summary>
    public TimeSpan HoldTime { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long an unacknowledged LSP waits before it is sent again on an adjacency.</summary>
    public TimeSpan RetransmitInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Acknowledgements are batched into one PSNP per interface for this long.</summary>
    public TimeSpan AcknowledgementDelay { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Period of CSNPs on each Up adjacency after the one sent when it comes up; repairs a lost
    /// initial CSNP. <see cref="TimeSpan.Zero"/> sends only the initial one.
    /// </summary>
    public TimeSpan CsnpInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Minimum spacing of our own LSP re-originations; changes inside it are coalesced.</summary>
    public TimeSpan LspGenerationInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Wait before originating after a quiet period, so a burst of adjacency changes becomes one LSP.</summary>
    public TimeSpan LspGenerationInitialDelay { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// LSPs to flood are queued this long before sending; a copy received from a neighbor in the
    /// meantime cancels ours towards it. <see cref="TimeSpan.Zero"/> floods at once.
    /// </summary>
    public TimeSpan FloodDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>SPF throttle: delay of the first SPF after a quiet period.</summary>
    public TimeSpan SpfInitialDelay { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>SPF throttle: spacing after a run, doubling while triggers keep coming.</summary>
    public TimeSpan SpfSecondaryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>SPF throttle: the cap of the doubling spacing; this long without SPF resets it.</summary>
    public TimeSpan SpfMaximumDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Advertise overload: others reach us but do not route through us.</summary>
    public bool Overload { get; init; }

    internal void Validate()
    {
        if (RouterId == 0) throw new ArgumentOutOfRangeException(nameof(RouterId), "router id must be nonzero");
        if (HelloInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(HelloInterval));
        if (HoldTime <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(HoldTime));
        if (RetransmitInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RetransmitInterval));
        if (AcknowledgementDelay < TimeSpan.Zero || LspGenerationInterval < TimeSpan.Zero || LspGenerationInitialDelay < TimeSpan.Zero || FloodDelay < TimeSpan.Zero || CsnpInterval < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(AcknowledgementDelay), "delays must not be negative");
        if (SpfInitialDelay < TimeSpan.Zero || SpfSecondaryDelay < TimeSpan.Zero || SpfMaximumDelay < SpfSecondaryDelay)
            throw new ArgumentOutOfRangeException(nameof(SpfMaximumDelay), "SPF delays must satisfy 0 <= secondary <= maximum");
    }
}
