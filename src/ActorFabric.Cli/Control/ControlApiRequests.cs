namespace ActorFabric.Cli.Control;

/// <summary>POST /api/ping body.</summary>
/// <summary>A ping; <see cref="Ipv6"/> (or an IPv6 address as destination) pings the host's IPv6 address with ICMPv6.</summary>
public sealed record PingRequest(string Source, string Destination, int Count = 3, TimeSpan? Timeout = null, bool Ipv6 = false);

/// <summary>
/// POST /api/chaos body: one action in the CLI grammar, e.g. <c>link-set leaf1 spine1 --latency 2ms</c>; Origin is
/// "cli" when the <c>actorfabric chaos</c> command sends it, "api" (the default) otherwise.
/// </summary>
public sealed record ChaosRequest(string Action, string? Origin = null);

/// <summary>POST /api/captures body.</summary>
public sealed record CaptureRequest(string Target, string Path);

/// <summary>POST /api/advance body (virtual time only moves when asked).</summary>
public sealed record AdvanceRequest(TimeSpan Duration);
