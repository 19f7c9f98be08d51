using System.Diagnostics;
using ActorFabric.Cluster.Launch;
using ActorFabric.Cluster.Node;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;
using ActorFabric.Simulation;

namespace ActorFabric.Cli.Bench;

/// <summary>What <see cref="SplitConvergeBenchmark"/> measured (times in wall seconds; null: did not happen within its limit).</summary>
internal sealed record SplitConvergeFigures(
    string Topology, int Leaves, int Devices, int Hosts, int Nodes,
    bool SingleConverged, double SingleSeconds, double? SingleRoutesSeconds, FabricStateDigest SingleDigest,
    double JoinSeconds, bool SplitConverged, double SplitSeconds, double? SplitRoutesSeconds, ConvergenceProgress SplitProgress, FabricStateDigest? SplitDigest,
    int VictimDevices, int VictimHosts, double? FailoverDevicesSeconds, double? FailoverHostsSeconds, double? FailoverDigestSeconds)
{
    public double Ratio => SplitSeconds / SingleSeconds;
    public bool DigestsEqual => SplitDigest is not null && SingleDigest == SplitDigest;
}

/// <summary>
/// One fabric converged twice in one run, both on the real clock: in this process (<see cref="FabricRuntime.Start"/>),
/// then over <c>actorfabric node</c> processes on 127.0.0.1 launched from this process (<see cref="ClusterLauncher"/>,
/// as <c>actorfabric launch</c> does). Each time runs from the start call to convergence (the nodes are up and joined
/// before the split clock starts; joining is reported apart). Then a node that is not the seed is killed with SIGKILL:
/// fail-over time is until every device (then every host) runs again on the survivors, as <c>cluster status</c> counts
/// them, and until the route and FDB digest is back to its value before the kill.
/// </summary>
internal static class SplitConvergeBenchmark
{
    private static readonly TimeSpan ConvergeLimit = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan JoinLimit = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan FailoverLimit = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan DigestLimit = TimeSpan.FromSeconds(300);

    public static async Task<SplitConvergeFigures> RunAsync(string path, int nodeCount, Action<string> progress, CancellationToken ct)
    {
        var text = await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
        var topology = TopologyLoader.Load(path);
        int leaves = topology.Nodes.Count(n => n.IsVtep);

        progress($"single process: {topology.Name} on the real clock");
        var clock = Stopwatch.StartNew();
        ConvergenceReport single;
        FabricStateDigest singleDigest;
        double? singleRoutes;
        await using (var one = FabricRuntime.Start(topology, new FabricRunOptions { Clock = ClockMode.Real, TraceDigest = false }))
        {
            var singleProgress = new ProgressEvery("single process", clock, progress);
            single = await one.WaitConvergedAsync(ConvergeLimit, singleProgress, ct).ConfigureAwait(false);
            singleRoutes = singleProgress.RoutesCompleteSeconds;
            clock.Stop();
            progress($"single process: {(single.Converged ? "converged" : "NOT converged")} after {clock.Elapsed.TotalSeconds:0.0} s; digest");
            singleDigest = await one.StateDigestAsync().ConfigureAwait(false);
        }
        double singleSeconds = clock.Elapsed.TotalSeconds;
        // The next run starts from a clean heap, not this one's garbage.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

        int seedPort = BenchChildProcess.FreePort();
        var seed = $"127.0.0.1:{seedPort}";
        var nodes = new List<BenchChildProcess>();
        try
        {
            progress($"split: starting {nodeCount} node processes (seed {seed})");
            var join = Stopwatch.StartNew();
            for (int i = 0; i < nodeCount; i++)
            {
                int port = i == 0 ? seedPort : BenchChildProcess.FreePort();
                nodes.Add(BenchChildProcess.Start($"node 127.0.0.1:{port}", "node", "--listen", $"127.0.0.1:{port}", "--seed", seed, "--http", "127.0.0.1:0"));
            }
            foreach (var n in nodes) await n.WaitForOutputAsync(": up", JoinLimit, ct).ConfigureAwait(false);
            var launcher = ClusterNode.Start(new ClusterNodeOptions { Seeds = [seed], Roles = [ClusterNode.ControlRole] });
            FabricRuntime runtime;
            try
            {
                await launcher.WaitUpAsync(JoinLimit, ct).ConfigureAwait(false);
                await ClusterLauncher.FabricMembersAsync(launcher.System, nodeCount, JoinLimit, ct).ConfigureAwait(false);
                join.Stop();
                progress($"split: {nodeCount} nodes and the launcher up after {join.Elapsed.TotalSeconds:0.0} s; launching");
                clock.Restart();
                runtime = await ClusterLauncher.LaunchAsync(launcher, topology, text, new FabricRunOptions(), nodeCount, JoinLimit, new Progress<string>(progress), ct).ConfigureAwait(false);
            }
            catch
            {
                await launcher.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            await using (runtime.ConfigureAwait(false))
            {
                var splitProgress = new ProgressEvery("split", clock, progress);
                var split = await runtime.WaitConvergedAsync(ConvergeLimit, splitProgress, ct).ConfigureAwait(false);
                clock.Stop();
                double splitSeconds = clock.Elapsed.TotalSeconds;
                progress($"split: {(split.Converged ? "converged" : "NOT converged")} after {splitSeconds:0.0} s; digest");
                var splitDigest = await DigestAsync(runtime, progress).ConfigureAwait(false);
                var figures = new SplitConvergeFigures(topology.Name, leaves, topology.Nodes.Length, topology.Hosts.Length, nodeCount,
                    single.Converged, singleSeconds, singleRoutes, singleDigest, join.Elapsed.TotalSeconds, split.Converged, splitSeconds,
                    splitProgress.RoutesCompleteSeconds, split.Progress, splitDigest, 0, 0, null, null, null);
                // A split fabric whose routes and FDB equal the one-process run's can lose a node too (sessions may still be coming up).
                if (!split.Converged && !figures.DigestsEqual) return figures;
                if (splitDigest is null) progress("fail-over: without the digest (it could not be read), only devices and hosts are timed");
                return await FailoverAsync(figures, launcher, runtime, nodes[^1], splitDigest, progress, ct).ConfigureAwait(false);
            }
        }
        catch (Exception) when (WriteTails(nodes, progress))
        {
            throw; // never reached: the filter only shows what the nodes said
        }
        finally
        {
            foreach (var n in nodes) n.Dispose();
        }
    }

    private static bool WriteTails(List<BenchChildProcess> nodes, Action<string> progress)
    {
        foreach (var n in nodes) progress($"{n.Name} said:\n{n.Tail(15)}");
        return false;
    }

    /// <summary>The route and FDB digest, asked up to three times (a device that does not answer in time fails the query); null if it never came.</summary>
    private static async Task<FabricStateDigest?> DigestAsync(FabricRuntime runtime, Action<string> progress)
    {
        for (int attempt = 1; attempt <= 3; attempt++)
        {
            try
            {
                return await runtime.StateDigestAsync().ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                progress($"digest: no answer from every device (attempt {attempt} of 3)");
            }
        }
        return null;
    }

    private static async Task<SplitConvergeFigures> FailoverAsync(SplitConvergeFigures figures, ClusterNode launcher, FabricRuntime runtime, BenchChildProcess victim,
        FabricStateDigest? before, Action<string> progress, CancellationToken ct)
    {
        var status = await ClusterStatusReader.ReadAsync(launcher.System, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        var port = victim.Name[(victim.Name.LastIndexOf(':') + 1)..];
        var view = status.Nodes.Single(n => n.Address.EndsWith($":{port}", StringComparison.Ordinal));
        progress($"fail-over: kill -9 {victim.Name} (pid {victim.Pid}) running {view.Devices} devices, {view.Hosts} hosts");
        var clock = Stopwatch.StartNew();
        victim.Kill();
        double? devicesBack = null, hostsBack = null;
        while (clock.Elapsed < FailoverLimit && hostsBack is null)
        {
            await Task.Delay(200, ct).ConfigureAwait(false);
            var now = await ClusterStatusReader.ReadAsync(launcher.System, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            if (now.Nodes.Count != figures.Nodes - 1 || now.Nodes.Any(n => n.Error is not null)) continue;
            if (devicesBack is null && now.Nodes.Sum(n => n.Devices) == figures.Devices)
            {
                devicesBack = clock.Elapsed.TotalSeconds;
                progress($"fail-over: every device running again after {devicesBack:0.0} s");
            }
            if (devicesBack is not null && now.Nodes.Sum(n => n.Hosts) == figures.Hosts) hostsBack = clock.Elapsed.TotalSeconds;
        }
        double? digestBack = null;
        if (devicesBack is not null && before is not null)
        {
            while (clock.Elapsed < DigestLimit)
            {
                try
                {
                    if (await runtime.StateDigestAsync().ConfigureAwait(false) == before)
                    {
                        digestBack = clock.Elapsed.TotalSeconds;
                        break;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A device still restarting does not answer yet: ask again.
                }
                await Task.Delay(500, ct).ConfigureAwait(false);
            }
            progress(digestBack is null ? "fail-over: the digest did not come back" : $"fail-over: digest back after {digestBack:0.0} s");
        }
        return figures with { VictimDevices = view.Devices, VictimHosts = view.Hosts, FailoverDevicesSeconds = devicesBack, FailoverHostsSeconds = hostsBack, FailoverDigestSeconds = digestBack };
    }

    /// <summary>
    /// Convergence figures on stderr every 15 s of wall time, and when every expected route and flood list was first
    /// present (on <paramref name="run"/>'s clock): what is left after that is sessions still coming up.
    /// </summary>
    private sealed class ProgressEvery(string run, Stopwatch clock, Action<string> progress) : IProgress<ConvergenceProgress>
    {
        private readonly Stopwatch _since = Stopwatch.StartNew();

        public double? RoutesCompleteSeconds { get; private set; }

        public void Report(ConvergenceProgress p)
        {
            lock (_since)
            {
                if (RoutesCompleteSeconds is null && p.RoutesPresent == p.RoutesExpected && p.FloodListsComplete == p.FloodListsExpected)
                    RoutesCompleteSeconds = clock.Elapsed.TotalSeconds;
                if (_since.Elapsed < TimeSpan.FromSeconds(15)) return;
                _since.Restart();
            }
            progress($"{run}: sessions {p.SessionsEstablished}/{p.SessionsExpected}, routes {p.RoutesPresent:N0}/{p.RoutesExpected:N0}, flood lists {p.FloodListsComplete}/{p.FloodListsExpected}");
        }
    }
}
