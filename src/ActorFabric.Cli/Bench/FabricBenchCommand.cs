using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cli.Bench;

/// <summary>
/// <c>actorfabric bench fabric [FILE] [--json]</c>: the fabric scale benchmark (default topologies/bench-256.yaml):
/// time to converge (emulated and wall), peak memory, messages processed, measured by <see cref="FabricBenchmark.Run"/>.
/// With <c>--multihomed</c> (issue 11) the same run goes on with the fabric's dual-homed variant and a segment link
/// failure (<see cref="FabricBenchmark.RunMultihomed"/>). With <c>--l3</c> (issue 14) the fabric is measured bridging and
/// routed (<see cref="FabricL3Bench"/>).
/// </summary>
public static class FabricBenchCommand
{
    public const string DefaultTopology = "topologies/bench-256.yaml";

    public static Command Create()
    {
        var command = new Command("fabric", "Fabric scale: start a large topology on the virtual clock and time its convergence.");
        var file = new Argument<string>("FILE") { Description = "Topology to measure.", DefaultValueFactory = _ => DefaultTopology };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (keys leaves, macs, converge_wall_s, converge_emulated_s, peak_bytes, messages, ...)." };
        var timeout = new Option<string>("--timeout") { Description = "Emulated time to wait for convergence.", DefaultValueFactory = _ => "10m" };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1, Description = "Seed of the run." };
        var wallLimit = new Option<string>("--wall-limit") { Description = "Give up after this much wall time.", DefaultValueFactory = _ => "5m" };
        var multihomed = new Option<bool>("--multihomed")
        {
            Description = "Then the same fabric with every host dual-homed (generate: multihomed: true) and one segment link failure (keys mh_*, es_failover_*).",
        };
        var l3 = new Option<bool>("--l3")
        {
            Description = "Issue 14: the fabric, then the same shape routed (generate: l3: true, ERB, symmetric IRB, VMTO on; keys l2_*, l3_*, wall_ratio, memory_ratio); "
                + "exit 1 unless both converge and every implied host route is installed.",
        };
        var vnisPerVrf = new Option<int>("--vnis-per-vrf")
        {
            Description = "With --l3: VNIs per tenant VRF.", DefaultValueFactory = _ => FabricBenchmark.DefaultVnisPerVrf,
        };
        var inProcess = new Option<bool>("--in-process") { Description = "With --l3: both runs in this process (peak restarted between them) instead of a child process each." };
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.Options.Add(timeout);
        command.Options.Add(seed);
        command.Options.Add(wallLimit);
        command.Options.Add(multihomed);
        command.Options.Add(l3);
        command.Options.Add(vnisPerVrf);
        command.Options.Add(inProcess);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var path = RepositoryPath.Resolve(parse.GetValue(file)!);
            if (path is null)
            {
                error.WriteLine($"actorfabric: {parse.GetValue(file)}: no such topology file");
                return CliApp.ExitUsage;
            }
            // A bad file is bad input (exit 2, its errors listed), never a trace from inside the benchmark.
            if (!TopologyLoader.TryLoad(path, out _, out var problems))
            {
                Output.TopologyProblems.Write(problems, error, "nothing started");
                return CliApp.ExitUsage;
            }
            if (!DurationSyntax.TryParse(parse.GetValue(timeout)!, out var wait) || !DurationSyntax.TryParse(parse.GetValue(wallLimit)!, out var wallCap))
            {
                error.WriteLine($"actorfabric: bad --timeout '{parse.GetValue(timeout)}' or --wall-limit '{parse.GetValue(wallLimit)}'");
                return CliApp.ExitUsage;
            }
            bool routed = parse.GetValue(l3);
            if (routed && parse.GetValue(multihomed) || !routed && (parse.GetValue(inProcess) || parse.GetResult(vnisPerVrf) is { Implicit: false }))
            {
                error.WriteLine("actorfabric: --l3 goes without --multihomed; --vnis-per-vrf and --in-process need --l3");
                return CliApp.ExitUsage;
            }
            if (parse.GetValue(vnisPerVrf) is < 1 or > 4094)
            {
                error.WriteLine($"actorfabric: bad --vnis-per-vrf {parse.GetValue(vnisPerVrf)} (1..4094)");
                return CliApp.ExitUsage;
            }
            bool asJson = parse.GetValue(json);
            if (!asJson) error.WriteLine($"bench fabric: {path}…");
            if (routed)
                return FabricL3Bench.Run(new FabricL3Bench.Settings(path, parse.GetValue(vnisPerVrf), parse.GetValue(seed),
                    parse.GetValue(timeout)!, parse.GetValue(wallLimit)!, parse.GetValue(inProcess)), wait, wallCap, asJson, output, error);
            if (parse.GetValue(multihomed)) return RunMultihomed(path, wait, parse.GetValue(seed), wallCap, asJson, output, error);
            var f = FabricBenchmark.Run(path, wait, parse.GetValue(seed), wallCap, asJson ? null : new ThrottledProgress(error));
            if (asJson) output.WriteLine(ToJson(f));
            else WriteTable(f, output);
            return f.Converged ? 0 : 1;
        });
        return command;
    }

    public static string ToJson(FabricBenchmarkFigures f) => ToJson(writer => FabricBenchmark.WriteJson(f, writer));

    public static string ToJson(FabricBenchmarkMultihomedFigures f) => ToJson(writer => FabricBenchmark.WriteJson(f, writer));

    /// <summary>One JSON object: what <paramref name="figures"/> writes, then the machine's core count.</summary>
    internal static string ToJson(Action<Utf8JsonWriter> figures)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            figures(writer);
            writer.WriteNumber("cores", Environment.ProcessorCount);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static int RunMultihomed(string path, TimeSpan wait, int seed, TimeSpan wallCap, bool asJson, TextWriter output, TextWriter error)
    {
        FabricBenchmarkMultihomedFigures f;
        try
        {
            f = FabricBenchmark.RunMultihomed(path, wait, seed, wallCap, asJson ? null : new ThrottledProgress(error));
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"actorfabric: {path}: {e.Message}");
            return CliApp.ExitUsage;
        }
        if (asJson) output.WriteLine(ToJson(f));
        else
        {
            WriteTable(f.SingleHomed, output);
            output.WriteLine();
            WriteTable(f.Multihomed, output);
            WriteMultihomedTable(f, output);
        }
        return f.Converged && f.Failover.Completed && f.SmallSegmentFailover.Completed ? 0 : 1;
    }

    private static void WriteMultihomedTable(FabricBenchmarkMultihomedFigures f, TextWriter output)
    {
        string N(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
        string target = N(FabricBenchmarkMultihomedFigures.TargetRatio, "0.0");
        output.WriteLine($"multihomed / single   wall {N(f.WallRatio, "0.00")}x, memory {N(f.MemoryRatio, "0.00")}x (target <= {target}x)");
        foreach (var e in (FabricBenchmarkFailover[])[f.Failover, f.SmallSegmentFailover])
        {
            output.WriteLine($"segment failure       {e.Segment} on {e.Leaf} ({e.SegmentHosts} hosts): {e.RemoteLeavesUpdated}/{e.RemoteLeaves} remote leaves updated");
            output.WriteLine($"  after               {N(e.EmulatedSeconds * 1000, "0.0")} ms emulated, {N(e.WallSeconds, "0.00")} s wall");
            output.WriteLine($"  BGP UPDATEs         {N(e.Updates, "N0")} (background {N(e.BackgroundUpdates, "N0")})");
        }
        output.WriteLine($"UPDATEs independent of the segment's MACs: {(f.UpdatesIndependentOfMacs ? "yes" : "NO")}");
    }

    private static void WriteTable(FabricBenchmarkFigures f, TextWriter output)
    {
        string N(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
        output.WriteLine($"topology              {f.Topology}");
        output.WriteLine($"leaves                {f.Leaves}");
        output.WriteLine($"MACs                  {N(f.Macs, "N0")}");
        output.WriteLine($"converged             {(f.Converged ? "yes" : "NO")}");
        output.WriteLine($"converge (wall)       {N(f.ConvergeWallSeconds, "0.00")} s");
        output.WriteLine($"converge (emulated)   {N(f.ConvergeEmulatedSeconds, "0.000")} s");
        output.WriteLine($"peak memory           {N(f.PeakBytes / (1024.0 * 1024 * 1024), "0.00")} GiB");
        output.WriteLine($"messages processed    {N(f.Messages, "N0")}");
        output.WriteLine($"topology load (wall)  {N(f.LoadWallSeconds, "0.00")} s");
    }

    /// <summary>One progress line on stderr per wall second (the benchmark reports every 100 ms of emulated time).</summary>
    private sealed class ThrottledProgress(TextWriter error) : IProgress<ConvergenceProgress>
    {
        private readonly System.Diagnostics.Stopwatch _since = System.Diagnostics.Stopwatch.StartNew();

        public void Report(ConvergenceProgress p)
        {
            if (_since.Elapsed < TimeSpan.FromSeconds(1)) return;
            _since.Restart();
            error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  emulated {p.EmulatedTime.TotalSeconds:0.000} s: sessions {p.SessionsEstablished}/{p.SessionsExpected}, routes {p.RoutesPresent}/{p.RoutesExpected}, flood lists {p.FloodListsComplete}/{p.FloodListsExpected}"));
        }
    }

}
