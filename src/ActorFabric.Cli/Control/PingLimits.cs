using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cli.Control;

/// <summary>What a ping may ask for, the same from the CLI, the control API and a scenario step.</summary>
public static class PingLimits
{
    public const int MaxCount = 1000;

    public static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Null when the count is allowed, else the problem.</summary>
    public static string? CheckCount(long count) =>
        count is < 1 or > MaxCount ? $"ping count {count} is out of range (1..{MaxCount})" : null;

    /// <summary>Null when the per-reply timeout is allowed (more than 0, at most 60s), else the problem.</summary>
    public static string? CheckTimeout(TimeSpan timeout) =>
        timeout <= TimeSpan.Zero || timeout > MaxTimeout
            ? $"ping timeout {(timeout < TimeSpan.Zero ? "-" : "")}{DurationSyntax.Format(timeout.Duration())} is out of range (more than 0s, at most {DurationSyntax.Format(MaxTimeout)})"
            : null;
}
