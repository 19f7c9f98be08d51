namespace ActorFabric.Fabric.Topology;

/// <summary>
/// Fabric-wide timers and address pools (the optional <c>settings:</c> block). Every default is a
/// value a real fabric would start from; the protocol machines read these, never constants of their own.
/// </summary>
public sealed record FabricSettings
{
    public static readonly FabricSettings Default = new();

    /// <summary>BGP hold time offered in OPEN (RFC 4271 §4.2, suggested 90 s).</summary>
    public TimeSpan BgpHoldTime { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>BGP keepalive interval, one third of the hold time (RFC 4271 §10).</summary>
    public TimeSpan BgpKeepalive { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>BFD transmit/receive interval; detection time = interval × multiplier.</summary>
    public TimeSpan BfdInterval { get; init; } = TimeSpan.FromMilliseconds(300);

    public int BfdMultiplier { get; init; } = 3;

    /// <summary>How long a learned MAC stays in a bridge table without traffic.</summary>
    public TimeSpan MacAging { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Duplicate-MAC detection: N moves within M seconds (RFC 7432 §15.1 defaults N = 5, M = 180 s).</summary>
    public int DuplicateMacMoves { get; init; } = 5;

    public TimeSpan DuplicateMacWindow { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary>Latency of links that do not set one (one hop inside a data center).</summary>
    public TimeSpan DefaultLinkLatency { get; init; } = TimeSpan.FromTicks(100); // 10 µs

    public RouteTargetDerivation RouteTargetDerivation { get; init; } = RouteTargetDerivation.Rfc8365;

    /// <summary>
    /// Route Target Constraint (RFC 4684) on every BGP session: leaves announce the route targets they import as
    /// RT-membership routes (AFI 1 / SAFI 132) and reflectors send each client only the EVPN routes it imports.
    /// Off by default, as on Junos and FRR where the family has to be configured; large fabrics turn it on
    /// (without it every leaf receives every route of the fabric and drops most of them).
    /// </summary>
    public bool RouteTargetConstraint { get; init; }

    /// <summary>Loopbacks (router id, VTEP address) not given explicitly come from here, one /32 per switch.</summary>
    public uint LoopbackPool { get; init; } = 0x0A00_0000; // 10.0.0.0

    public int LoopbackPoolPrefixLength { get; init; } = 16;

    /// <summary>Each broadcast domain without a subnet gets the next block of this pool.</summary>
    public uint HostPool { get; init; } = 0x6440_0000; // 100.64.0.0

    public int HostPoolPrefixLength { get; init; } = 10;

    /// <summary>Prefix length of the auto-assigned per-VNI host subnets (/22 = 1,021 hosts after the gateway).</summary>
    public int HostPrefixLength { get; init; } = 22;
}
