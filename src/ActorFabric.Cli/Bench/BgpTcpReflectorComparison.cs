using System.Net;
using System.Text.Json;

namespace ActorFabric.Cli.Bench;

/// <summary>One reflector's figures under the TCP load.</summary>
public sealed record BgpTcpReflectorFigures(string Name, BgpTcpLoadResult Load, long PeakResidentBytes);

/// <summary>Our reflector against FRR's, the same load in the same run; ratio = FRR seconds / our seconds (> 1: we are faster).</summary>
public sealed record BgpTcpComparisonResult(int Routes, int Clients, int Originators, BgpTcpReflectorFigures? Frr, BgpTcpReflectorFigures Ours)
{
    public double? Ratio => Frr is null ? null : Frr.Load.Elapsed.TotalSeconds / Ours.Load.Elapsed.TotalSeconds;

    public void WriteJsonProperties(Utf8JsonWriter w)
    {
        w.WriteNumber("tcp_routes", Routes);
        w.WriteNumber("tcp_clients", Clients);
        w.WriteNumber("tcp_originators", Originators);
        if (Frr is not null) Write(w, "frr", Frr);
        Write(w, "ours", Ours);
        if (Ratio is { } r) w.WriteNumber("ratio", Math.Round(r, 2));
    }

    private static void Write(Utf8JsonWriter w, string prefix, BgpTcpReflectorFigures f)
    {
        w.WriteNumber($"{prefix}_reflect_s", Math.Round(f.Load.Elapsed.TotalSeconds, 3));
        if (f.Load.FirstRoute is { } first) w.WriteNumber($"{prefix}_first_route_s", Math.Round(first.TotalSeconds, 3));
        w.WriteNumber($"{prefix}_peak_bytes", f.PeakResidentBytes);
        w.WriteBoolean($"{prefix}_completed", f.Load.Completed);
        w.WriteNumber($"{prefix}_routes_delivered", f.Load.RoutesPerClient.Sum());
        w.WriteNumber($"{prefix}_updates_delivered", f.Load.UpdatesToClients);
    }
}

/// <summary>
/// <c>bench bgp --tcp [--against frr]</c>: starts each reflector as its own process on loopback, runs the same
/// <see cref="BgpTcpLoadGenerator"/> load against it, stops it. FRR's update-group coalesce delay is part of its figure.
/// </summary>
public static class BgpTcpReflectorComparison
{
    public static BgpTcpComparisonResult Run(int routes, int clients, bool againstFrr, Action<string>? progress = null)
    {
        const int originatorCount = 2;
        // 127.77.0.0/16: away from the interop tests' 127.16-215 ranges per PID.
        var originators = new IPAddress[originatorCount];
        for (int i = 0; i < originatorCount; i++) originators[i] = IPAddress.Parse($"127.77.1.{i + 1}");
        var clientAddresses = new IPAddress[clients];
        for (int i = 0; i < clients; i++) clientAddresses[i] = IPAddress.Parse($"127.77.{2 + i / 250}.{i % 250 + 1}");
        progress?.Invoke($"encoding {routes:N0} routes");
        var load = new BgpTcpLoadGenerator(routes, originators, clientAddresses);
        var timeout = TimeSpan.FromSeconds(Math.Max(60, routes / 10_000.0));

        BgpTcpReflectorFigures? frr = null;
        if (againstFrr && !OperatingSystem.IsWindows()) frr = Measure("frr", BgpReflectorProcess.StartFrr, IPAddress.Parse("127.77.0.1"), load, timeout, progress);
        var ours = Measure("ours", BgpReflectorProcess.StartOurs, IPAddress.Parse("127.77.0.2"), load, timeout, progress);
        return new BgpTcpComparisonResult(routes, clients, originatorCount, frr, ours);
    }

    private static BgpTcpReflectorFigures Measure(string name, Func<IPAddress, int, BgpReflectorProcess> start, IPAddress address,
        BgpTcpLoadGenerator load, TimeSpan timeout, Action<string>? progress)
    {
        progress?.Invoke($"starting {name} reflector on {address}");
        using var rr = start(address, BgpReflectorProcess.FreePort(address));
        var result = load.Run(rr.Endpoint, timeout, progress);
        var peak = rr.PeakResidentBytes();
        progress?.Invoke($"{name}: {result.Elapsed.TotalSeconds:F2} s, first route {result.FirstRoute?.TotalSeconds:F3} s, completed {result.Completed}, peak RSS {peak / (1024.0 * 1024):F0} MiB");
        if (!result.Completed) progress?.Invoke($"{name} output tail:\n{rr.OutputTail}");
        return new BgpTcpReflectorFigures(name, result, peak);
    }
}
