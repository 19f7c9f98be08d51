using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cli.Bench;

/// <summary>
/// <c>actorfabric bench fabric [FILE] [--json]</c>: the fabric scale benchmark (default topologies/bench-256.yaml):
/// time to converge (emulated and wall), peak memory, messages processed, measured by <see cref="FabricBenchmark.Run"/>.
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
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.Options.Add(timeout);
        command.Options.Add(seed);
        command.Options.Add(wallLimit);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var path = Resolve(parse.GetValue(file)!);
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
            bool asJson = parse.GetValue(json);
            if (!asJson) error.WriteLine($"bench fabric: {path}…");
            var f = FabricBenchmark.Run(path, wait, parse.GetValue(seed), wallCap, asJson ? null : new ThrottledProgress(error));
            if (asJson) output.WriteLine(ToJson(f));
            else WriteTable(f, output);
            return f.Converged ? 0 : 1;
        });
        return command;
    }

    public static string ToJson(FabricBenchmarkFigures f)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            FabricBenchmark.WriteJson(f, writer);
            writer.WriteNumber("cores", Environment.ProcessorCount);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
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

    /// <summary>The path as given, or relative to the repository root (found upwards from the binary) so the default works from any directory.</summary>
    private static string? Resolve(string path)
    {
        if (File.Exists(path)) return path;
        if (Path.IsPathRooted(path)) return null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, path);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
