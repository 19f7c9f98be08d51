using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActorFabric.Simulation;
using ActorFabric.Cli.Control;
using ActorFabric.Cli.Output;
using ActorFabric.Cli.Report;
using ActorFabric.Cli.Scenarios;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cli.Commands;

/// <summary>
/// <c>actorfabric run FILE --scenario S.yaml [--json] [--seed N] [--report FILE.html]</c>: runs a scripted scenario (docs/scenarios.md)
/// on the virtual clock and prints its observations; with <c>--json</c> one JSON document, byte-identical for
/// the same scenario and seed. Exit 0 when every step succeeded, 1 when one failed (the document says which),
/// 2 for a missing or bad scenario or topology file (errors as FILE:LINE:COL).
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run", "Run a scripted scenario (stimuli at emulated times, observations) on the virtual clock.");
        var file = new Argument<string?>("FILE") { Description = "Topology file (default: the scenario's 'topology:').", Arity = ArgumentArity.ZeroOrOne };
        var scenarioOption = new Option<string>("--scenario", "-s") { Description = "Scenario file (YAML, see docs/scenarios.md).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON document with every step's result." };
        var seed = new Option<int?>("--seed") { Description = "Override the scenario's seed." };
        var serialize = new Option<bool>("--serialize-messages") { Description = "Round-trip every actor message through its serializer (cluster readiness check; slower)." };
        command.Arguments.Add(file);
        command.Options.Add(scenarioOption);
        command.Options.Add(json);
        command.Options.Add(seed);
        command.Options.Add(serialize);
        var report = new Option<string?>("--report") { Description = "Also write a self-contained HTML report (time series, chaos actions, reconvergence, topology) to this file." };
        var reportInterval = new Option<string>("--report-interval") { Description = "Emulated time between the report's samples.", DefaultValueFactory = _ => "100ms" };
        command.Options.Add(report);
        command.Options.Add(reportInterval);
        var akkaConfig = AkkaConfigOption.Create();
        command.Options.Add(akkaConfig);
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (!ScenarioReader.TryLoad(parse.GetValue(scenarioOption)!, parse.GetValue(file), parse.GetValue(seed), out var scenario, out var errors))
            {
                for (int i = 0; i < errors.Count && i < TopologyProblems.MaxListed; i++) error.WriteLine(errors[i]);
                if (errors.Count > TopologyProblems.MaxListed) error.WriteLine($"… and {errors.Count - TopologyProblems.MaxListed} more");
                error.WriteLine($"{errors.Count} problem{(errors.Count == 1 ? "" : "s")}; nothing run.");
                return CliApp.ExitUsage; // a missing or bad scenario or topology file is bad input (docs/cli.md)
            }
            bool asJson = parse.GetValue(json);
            TimelineSampler? sampler = null;
            if (parse.GetValue(report) is not null)
            {
                if (!DurationSyntax.TryParse(parse.GetValue(reportInterval)!, out var every) || every < TimeSpan.FromMilliseconds(1) || every > TimeSpan.FromMinutes(10))
                {
                    error.WriteLine($"bad --report-interval '{parse.GetValue(reportInterval)}' (1ms to 10m; e.g. 100ms)");
                    return CliApp.ExitUsage;
                }
                if (Directory.Exists(parse.GetValue(report)))
                {
                    error.WriteLine($"--report {parse.GetValue(report)} is a directory: give a file name, e.g. {Path.Combine(parse.GetValue(report)!, "report.html")}");
                    return CliApp.ExitUsage;
                }
                sampler = new TimelineSampler(scenario!.Topology, every);
            }
            var runtime = FabricRuntime.Start(scenario!.Topology, new FabricRunOptions
            {
                Clock = ClockMode.Virtual,
                Seed = scenario.Seed,
                SerializeMessages = parse.GetValue(serialize),
                AkkaConfigFile = parse.GetValue(akkaConfig),
            });
            await using var _ = runtime.ConfigureAwait(false);
            Action<ScenarioStep, JsonObject>? progress = asJson ? null : (step, record) => output.WriteLine(Line(record));
            if (!asJson) output.WriteLine($"scenario {scenario.Name} on {scenario.Topology.Name}, seed {scenario.Seed}, {scenario.Steps.Count} steps");
            var document = await ScenarioRunner.RunAsync(scenario, new RuntimeFabricControl(runtime), progress, ct, sampler).ConfigureAwait(false);
            if (sampler is not null)
            {
                ReportPage.Write(parse.GetValue(report)!, ScenarioReport.From(scenario, document, sampler));
                if (!asJson) output.WriteLine($"report {parse.GetValue(report)}");
            }
            if (asJson) output.WriteLine(document.ToJsonString(CliJson.Indented));
            else output.WriteLine($"end {document["end_time"]} s emulated, {document["messages"]} messages, digest {document["digest"]}");
            return document["ok"]!.GetValue<bool>() ? 0 : 1;
        });
        return command;
    }

    /// <summary>One line per step for the human output: time, step, and the result in brief.</summary>
    private static string Line(JsonObject record)
    {
        var step = (record["action"] ?? record["observe"])!.GetValue<string>();
        var time = record["time"]!.GetValue<decimal>();
        var at = DurationText.Clock(TimeSpan.FromTicks((long)(time * TimeSpan.TicksPerSecond)));
        if (record["error"] is { } e) return $"[{at}] {step}: ERROR {e.GetValue<string>()}";
        var result = record["result"]?.ToJsonString(CliJson.Options) ?? "null";
        if (result.Length > 160) result = result[..157] + "...";
        return $"[{at}] {step}: {result}";
    }
}
