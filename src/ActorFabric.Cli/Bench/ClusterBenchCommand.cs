using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ActorFabric.Cli.Cluster;
using ActorFabric.Cli.Output;
using ActorFabric.Fabric.Topology;
using Serilog.Events;

namespace ActorFabric.Cli.Bench;

/// <summary>
/// <c>actorfabric bench cluster [--json] [--frames N] [--skip-fabric]</c>: the cluster on this machine. Fabric frames
/// between two node processes through the relays' batches against one Akka.Remote message per frame
/// (<see cref="RemoteFrameBenchmark"/>); then bench-256 converged in one process and over three node processes, and
/// the fail-over of a killed node (<see cref="SplitConvergeBenchmark"/>). Targets are reported, not enforced: exit 0
/// when everything ran, 1 when something failed (a child, a convergence, a fail-over, a digest).
/// </summary>
public static class ClusterBenchCommand
{
    public const string FramesTopology = "topologies/quickstart.yaml";

    /// <summary>bench-256's 256 leaves and sessions with 5,120 MACs: bench-256 itself does not converge on the real clock on 2 cores.</summary>
    public const string DefaultTopology = "topologies/bench-256-rt.yaml";
    public const double FramesTarget = 1_000_000;
    public const double BatchedOverUnbatchedTarget = 10;
    public const double SplitOverSingleTarget = 1.5;
    public const double FailoverTarget = 15;

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object (remote_frames_per_s, remote_msgs_per_s_unbatched, split_converge_wall_s, single_converge_wall_s, failover_s, ...)." };
        var frames = new Option<long>("--frames") { Description = "Frames sent through the batched path (a quarter as many unbatched).", DefaultValueFactory = _ => 2_000_000 };
        var skipFabric = new Option<bool>("--skip-fabric") { Description = "Only the remote-frame part (quick): no fabric convergence, no fail-over." };
        var topology = new Option<string>("--topology") { Description = "Fabric converged (real clock) in one process and split over the nodes.", DefaultValueFactory = _ => DefaultTopology };
        var nodes = new Option<int>("--nodes") { Description = "Node processes the fabric is split over.", DefaultValueFactory = _ => 3 };
        // The far end of the frame measurement: the benchmark starts itself with this.
        var serveSink = new Option<string?>("--serve-sink") { Hidden = true };
        var command = new Command("cluster", "Cluster on this machine: frames/s between node processes (batched vs unbatched), fabric split over 3 nodes vs one process, fail-over.")
        { json, frames, skipFabric, topology, nodes, serveSink };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (parse.GetValue(serveSink) is { } sinkAt)
            {
                if (!ClusterOptions.TryEndpoint(sinkAt, "--serve-sink", false, error, out var listen)) return CliApp.ExitUsage;
                using var logger = CliLogging.Start(LogEventLevel.Warning, null, "[{Timestamp:HH:mm:ss} {Level:u3}] sink {Message:lj}{NewLine}{Exception}");
                return await FrameSinkNode.RunAsync(listen, output, error, ct).ConfigureAwait(false);
            }
            long n = parse.GetValue(frames);
            int nodeCount = parse.GetValue(nodes);
            if (n < 1000 || nodeCount < 2)
            {
                error.WriteLine("actorfabric bench cluster: --frames must be at least 1000 and --nodes at least 2");
                return CliApp.ExitUsage;
            }
            var framesPath = RepositoryPath.Resolve(FramesTopology);
            var fabricPath = parse.GetValue(skipFabric) ? null : RepositoryPath.Resolve(parse.GetValue(topology)!);
            if (framesPath is null || (!parse.GetValue(skipFabric) && fabricPath is null))
            {
                error.WriteLine($"actorfabric: {(framesPath is null ? FramesTopology : parse.GetValue(topology))}: no such topology file");
                return CliApp.ExitUsage;
            }
            if (fabricPath is not null && !TopologyLoader.TryLoad(fabricPath, out _, out var problems))
            {
                TopologyProblems.Write(problems, error, "nothing started");
                return CliApp.ExitUsage;
            }
            Action<string> progress = s =>
            {
                lock (error) error.WriteLine($"bench cluster: {s}");
            };

            RemoteFrameFigures remote;
            SplitConvergeFigures? split = null;
            try
            {
                remote = await RemoteFrameBenchmark.RunAsync(TopologyLoader.Load(framesPath), await File.ReadAllTextAsync(framesPath, ct).ConfigureAwait(false), n, Math.Max(1000, n / 4), progress, ct).ConfigureAwait(false);
                progress(string.Create(CultureInfo.InvariantCulture,
                    $"remote frames: batched {remote.FramesPerSecond:N0}/s, unbatched {remote.UnbatchedPerSecond:N0}/s ({remote.Speedup:0.0}x)"));
                if (fabricPath is not null) split = await SplitConvergeBenchmark.RunAsync(fabricPath, nodeCount, progress, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                error.WriteLine("actorfabric bench cluster: cancelled");
                return 1;
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException or IOException or Akka.Actor.AskTimeoutException)
            {
                error.WriteLine($"actorfabric bench cluster: {e.Message}");
                return 1;
            }

            if (parse.GetValue(json)) output.WriteLine(ToJson(remote, split));
            else WriteTable(remote, split, output);
            var failures = Failures(remote, split).ToList();
            foreach (var f in failures) error.WriteLine($"actorfabric bench cluster: {f}");
            return failures.Count == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>What makes the run a failure (not a missed target): the measured path not taken, a fabric not converged or not recovered.</summary>
    private static IEnumerable<string> Failures(RemoteFrameFigures r, SplitConvergeFigures? s)
    {
        if (r.BatchedFrames != r.Frames) yield return $"{r.Frames - r.BatchedFrames:N0} of the measured frames did not leave in relay batches";
        if (s is null) yield break;
        if (!s.SingleConverged) yield return "the single-process fabric did not converge";
        if (!s.SplitConverged) yield return "the split fabric did not converge";
        else
        {
            if (s.SplitDigest is null) yield return "the split fabric's digest could not be read (a device did not answer in time)";
            else if (!s.DigestsEqual) yield return $"split digest {s.SplitDigest} differs from single-process {s.SingleDigest}";
            if (s.FailoverDevicesSeconds is null) yield return "the devices of the killed node did not run again";
            else if (s.SplitDigest is not null && s.FailoverDigestSeconds is null) yield return "the digest did not come back after the fail-over";
        }
    }

    internal static bool FramesTargetMet(RemoteFrameFigures r) => r.FramesPerSecond >= FramesTarget;

    internal static bool SpeedupTargetMet(RemoteFrameFigures r) => r.Speedup >= BatchedOverUnbatchedTarget;

    private static string ToJson(RemoteFrameFigures r, SplitConvergeFigures? s)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("remote_frames", r.Frames);
            w.WriteNumber("remote_frames_per_s", Math.Round(r.FramesPerSecond));
            w.WriteNumber("remote_bytes_per_s", Math.Round(r.BytesPerSecond));
            w.WriteNumber("remote_s", Math.Round(r.Seconds, 3));
            w.WriteNumber("remote_batches", r.Batches);
            w.WriteNumber("remote_frames_per_batch", Math.Round(r.FramesPerBatch, 1));
            w.WriteNumber("remote_frame_bytes_min", r.MinFrameBytes);
            w.WriteNumber("remote_frame_bytes_max", r.MaxFrameBytes);
            w.WriteNumber("remote_sender_cpu_s", Math.Round(r.SenderCpuSeconds, 2));
            w.WriteNumber("remote_receiver_cpu_s", Math.Round(r.ReceiverCpuSeconds, 2));
            w.WriteNumber("remote_sender_gc_pause_s", Math.Round(r.SenderGcPauseSeconds, 2));
            w.WriteNumber("remote_receiver_gc_pause_s", Math.Round(r.ReceiverGcPauseSeconds, 2));
            w.WriteNumber("remote_msgs_unbatched", r.UnbatchedFrames);
            w.WriteNumber("remote_msgs_per_s_unbatched", Math.Round(r.UnbatchedPerSecond));
            w.WriteNumber("remote_bytes_per_s_unbatched", Math.Round(r.UnbatchedBytesPerSecond));
            w.WriteNumber("remote_unbatched_s", Math.Round(r.UnbatchedSeconds, 3));
            w.WriteNumber("remote_batched_over_unbatched", Math.Round(r.Speedup, 2));
            w.WriteBoolean("target_remote_frames_met", FramesTargetMet(r));
            w.WriteBoolean("target_batched_over_unbatched_met", SpeedupTargetMet(r));
            if (s is not null)
            {
                w.WriteString("topology", s.Topology);
                w.WriteNumber("leaves", s.Leaves);
                w.WriteNumber("devices", s.Devices);
                w.WriteNumber("hosts", s.Hosts);
                w.WriteNumber("nodes", s.Nodes);
                w.WriteBoolean("single_converged", s.SingleConverged);
                w.WriteNumber("single_converge_wall_s", Math.Round(s.SingleSeconds, 3));
                WriteSeconds(w, "single_routes_complete_s", s.SingleRoutesSeconds);
                w.WriteNumber("split_join_s", Math.Round(s.JoinSeconds, 3));
                w.WriteBoolean("split_converged", s.SplitConverged);
                w.WriteNumber("split_converge_wall_s", Math.Round(s.SplitSeconds, 3));
                WriteSeconds(w, "split_routes_complete_s", s.SplitRoutesSeconds);
                w.WriteNumber("split_sessions", s.SplitProgress.SessionsEstablished);
                w.WriteNumber("split_sessions_expected", s.SplitProgress.SessionsExpected);
                w.WriteNumber("split_over_single", Math.Round(s.Ratio, 3));
                w.WriteBoolean("digests_equal", s.DigestsEqual);
                w.WriteBoolean("split_digest_read", s.SplitDigest is not null);
                w.WriteString("digest_routes", s.SingleDigest.Routes);
                w.WriteNumber("digest_route_count", s.SingleDigest.RouteCount);
                w.WriteString("digest_fdb", s.SingleDigest.Fdb);
                w.WriteNumber("digest_fdb_count", s.SingleDigest.FdbCount);
                w.WriteNumber("failover_victim_devices", s.VictimDevices);
                w.WriteNumber("failover_victim_hosts", s.VictimHosts);
                WriteSeconds(w, "failover_s", s.FailoverDevicesSeconds);
                WriteSeconds(w, "failover_hosts_s", s.FailoverHostsSeconds);
                WriteSeconds(w, "failover_digest_s", s.FailoverDigestSeconds);
                w.WriteBoolean("target_split_met", s.SplitConverged && s.Ratio <= SplitOverSingleTarget);
                w.WriteBoolean("target_failover_met", s.FailoverDevicesSeconds < FailoverTarget);
            }
            w.WriteNumber("cores", Environment.ProcessorCount);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteSeconds(Utf8JsonWriter w, string key, double? seconds)
    {
        if (seconds is { } v) w.WriteNumber(key, Math.Round(v, 3));
        else w.WriteNull(key);
    }

    private static void WriteTable(RemoteFrameFigures r, SplitConvergeFigures? s, TextWriter output)
    {
        string N(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
        string Met(bool met) => met ? "met" : "NOT met";
        string S(double? v) => v is { } x ? N(x, "0.0") + " s" : "—";
        output.WriteLine($"remote frames (batched)     {N(r.FramesPerSecond, "N0")} frames/s, {N(r.BytesPerSecond / 1e6, "N0")} MB/s ({N(r.Frames, "N0")} frames of {r.MinFrameBytes}–{r.MaxFrameBytes} B, {N(r.FramesPerBatch, "0")} per batch)  target ≥ 1,000,000/s: {Met(FramesTargetMet(r))}");
        output.WriteLine($"remote frames (unbatched)   {N(r.UnbatchedPerSecond, "N0")} msgs/s, {N(r.UnbatchedBytesPerSecond / 1e6, "N0")} MB/s ({N(r.UnbatchedFrames, "N0")} frames)");
        output.WriteLine($"batched / unbatched         {N(r.Speedup, "0.0")}x  target ≥ 10x: {Met(SpeedupTargetMet(r))}");
        output.WriteLine($"CPU (batched run)           sender {N(r.SenderCpuSeconds, "0.0")} s (GC pause {N(r.SenderGcPauseSeconds, "0.0")} s), receiver {N(r.ReceiverCpuSeconds, "0.0")} s (GC pause {N(r.ReceiverGcPauseSeconds, "0.0")} s) over {N(r.Seconds, "0.0")} s");
        if (s is null) return;
        output.WriteLine($"fabric                      {s.Topology}: {s.Leaves} leaves, {s.Devices} devices, {N(s.Hosts, "N0")} hosts");
        output.WriteLine($"single process (real time)  {(s.SingleConverged ? "converged" : "NOT converged")} in {N(s.SingleSeconds, "0.0")} s (every route and flood list at {S(s.SingleRoutesSeconds)})");
        output.WriteLine($"split over {s.Nodes} nodes           {(s.SplitConverged ? "converged" : "NOT converged")} in {N(s.SplitSeconds, "0.0")} s (every route and flood list at {S(s.SplitRoutesSeconds)}; sessions {s.SplitProgress.SessionsEstablished}/{s.SplitProgress.SessionsExpected}; nodes joined in {N(s.JoinSeconds, "0.0")} s before)");
        output.WriteLine($"split / single              {N(s.Ratio, "0.00")}x  target ≤ 1.5x: {Met(s.SplitConverged && s.Ratio <= SplitOverSingleTarget)}");
        output.WriteLine($"digests (routes, FDB)       {(s.SplitDigest is null ? "split NOT READ" : s.DigestsEqual ? "equal" : "DIFFERENT")}: one process {s.SingleDigest.Routes} ({N(s.SingleDigest.RouteCount, "N0")}), {s.SingleDigest.Fdb} ({N(s.SingleDigest.FdbCount, "N0")})");
        output.WriteLine($"fail-over (kill -9)         {s.VictimDevices} devices, {N(s.VictimHosts, "N0")} hosts: devices back {S(s.FailoverDevicesSeconds)}, hosts {S(s.FailoverHostsSeconds)}, digest {S(s.FailoverDigestSeconds)}  target < 15 s: {Met(s.FailoverDevicesSeconds < FailoverTarget)}");
    }
}
