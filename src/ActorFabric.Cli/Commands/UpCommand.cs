using System.CommandLine;
using ActorFabric.Simulation;
using ActorFabric.Cli.Control;
using ActorFabric.Cli.Output;
using ActorFabric.Cli.Up;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;
using Serilog;
using Serilog.Events;

namespace ActorFabric.Cli.Commands;

/// <summary>
/// <c>actorfabric up FILE</c>: starts the fabric, shows convergence progress, prints a summary, then serves the
/// control API on 127.0.0.1 until Ctrl-C (or exits after the summary with <c>--exit-when-converged</c>: 0 when
/// converged, 1 when the timeout passed first).
/// </summary>
public static class UpCommand
{
    public static Command Create()
    {
        var command = new Command("up", "Start a fabric, wait for convergence, then serve the control API on 127.0.0.1 until Ctrl-C.");
        var file = new Argument<string>("FILE") { Description = "Topology file (ActorFabric YAML or containerlab .clab.yml)." };
        var virtualTime = new Option<bool>("--virtual-time") { Description = "Run on the virtual (discrete-event) clock: deterministic, idle time skipped; between API requests emulated time stands still." };
        var exitWhenConverged = new Option<bool>("--exit-when-converged") { Description = "Exit after the summary: 0 if converged, 1 if not within --timeout." };
        var json = new Option<bool>("--json") { Description = "Print one JSON summary instead of the progress bars and table." };
        var timeout = new Option<string>("--timeout") { Description = "Give up waiting for convergence after this long (emulated time with --virtual-time).", DefaultValueFactory = _ => "60s" };
        var port = new Option<int>("--api-port", "--port") { Description = "Port of the control API on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => ControlApiServer.DefaultPort };
        var seed = new Option<int>("--seed") { Description = "Seed of every random choice of the run (link loss, BFD jitter, ...).", DefaultValueFactory = _ => 1 };
        var stateFile = new Option<string?>("--state-file") { Description = "Where to write the control API address (default: $XDG_RUNTIME_DIR/actorfabric/current.json or ~/.actorfabric/current.json)." };
        var serve = new Option<bool>("--serve") { Description = "Serve the control API even where up would exit by itself (CI=true, or neither stdin nor stdout a terminal)." };
        var logLevel = new Option<LogEventLevel>("--log-level") { Description = "Serilog level of the logs written to stderr.", DefaultValueFactory = _ => LogEventLevel.Warning };
        command.Arguments.Add(file);
        var akkaConfig = AkkaConfigOption.Create();
        foreach (var o in new Option[] { virtualTime, exitWhenConverged, serve, json, timeout, port, seed, stateFile, logLevel, akkaConfig }) command.Options.Add(o);

        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (!DurationSyntax.TryParse(parse.GetValue(timeout)!, out var wait) || wait <= TimeSpan.Zero)
            {
                error.WriteLine($"actorfabric: bad --timeout '{parse.GetValue(timeout)}' (e.g. 60s)");
                return CliApp.ExitUsage;
            }
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                error.WriteLine($"actorfabric: {path}: no such topology file");
                return 1;
            }
            if (!TopologyLoader.TryLoad(path, out var topology, out var problems))
            {
                foreach (var p in problems) error.WriteLine(p);
                error.WriteLine($"{problems.Count} problem{(problems.Count == 1 ? "" : "s")}; nothing started.");
                return 1;
            }

            bool asJson = parse.GetValue(json);
            bool terminal = !asJson && ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
            bool isVirtual = parse.GetValue(virtualTime);
            int runSeed = parse.GetValue(seed);
            using var logger = new LoggerConfiguration()
                .MinimumLevel.Is(parse.GetValue(logLevel))
                .Enrich.WithProperty("Topology", topology.Name)
                .WriteTo.Console(standardErrorFromLevel: LogEventLevel.Verbose,
                    outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Device}{ActorPath} {Message:lj}{NewLine}{Exception}")
                .CreateLogger();
            // Akka's own log (Akka.Logger.Serilog) writes to the static logger: the same pipeline.
            Log.Logger = logger;

            var runtime = FabricRuntime.Start(topology, new FabricRunOptions
            {
                Clock = isVirtual ? ClockMode.Virtual : ClockMode.Real,
                Seed = runSeed,
                AkkaConfigFile = parse.GetValue(akkaConfig),
            });
            await using var _ = runtime.ConfigureAwait(false);
            var fabric = new RuntimeFabricControl(runtime);
            logger.Information("Fabric {Topology} started: {Devices} devices, {Hosts} hosts, {Clock} clock", topology.Name, topology.Nodes.Length, topology.Hosts.Length, isVirtual ? "virtual" : "real");

            ConvergenceReport report;
            try
            {
                report = await ConvergenceProgressBar.WaitAsync(fabric, wait, terminal, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                error.WriteLine("actorfabric: interrupted before convergence");
                return 1;
            }

            if (parse.GetValue(exitWhenConverged) || (!parse.GetValue(serve) && RunsUnattended(output)))
            {
                Report(UpSummary.From(topology, report, isVirtual, runSeed, null), output, asJson, terminal);
                if (!report.Converged) error.WriteLine($"actorfabric: not converged within {DurationSyntax.Format(wait)} ({Describe(report.Progress)})");
                else if (!parse.GetValue(exitWhenConverged)) error.WriteLine("actorfabric: no terminal (or CI set): exiting after the summary; use --serve to keep the control API running");
                return report.Converged ? 0 : 1;
            }

            ControlApiServer server;
            try
            {
                server = await ControlApiServer.StartAsync(fabric, parse.GetValue(port), ct).ConfigureAwait(false);
            }
            catch (ControlApiException e)
            {
                error.WriteLine($"actorfabric: {e.Message}");
                return 1;
            }
            await using (server.ConfigureAwait(false))
            {
                var url = server.Address.ToString().TrimEnd('/');
                var statePath = parse.GetValue(stateFile) ?? ControlState.DefaultPath;
                new ControlState(url, Environment.ProcessId, topology.Name, Path.GetFullPath(path), isVirtual ? "virtual" : "real").Write(statePath);
                Report(UpSummary.From(topology, report, isVirtual, runSeed, url), output, asJson, terminal);
                if (!report.Converged) error.WriteLine($"actorfabric: warning: not converged within {DurationSyntax.Format(wait)} ({Describe(report.Progress)}); serving anyway");
                if (!asJson) output.WriteLine($"control API on {url} (state in {statePath}); try `actorfabric show bgp summary --device {FirstLeaf(topology)}`. Ctrl-C to stop.");
                output.Flush();
                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl-C or SIGTERM: graceful stop below.
                }
                ControlState.RemoveIfOwned(statePath, url);
                logger.Information("Stopping fabric {Topology}", topology.Name);
            }
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The README's main job must finish by itself in CI: there nobody presses Ctrl-C, so <c>up</c> exits after
    /// the summary when CI is set or when it is attached to no terminal at all (use --serve to override).
    /// </summary>
    private static bool RunsUnattended(TextWriter output)
    {
        if (!ReferenceEquals(output, Console.Out)) return false;
        var ci = Environment.GetEnvironmentVariable("CI");
        if (!string.IsNullOrEmpty(ci) && ci != "0" && !ci.Equals("false", StringComparison.OrdinalIgnoreCase)) return true;
        return Console.IsInputRedirected && Console.IsOutputRedirected;
    }

    private static void Report(UpSummary summary, TextWriter output, bool asJson, bool terminal)
    {
        if (asJson) output.WriteLine(CliJson.Serialize(summary));
        else UpSummaryTable.Write(summary, output, terminal);
        output.Flush();
    }

    private static string Describe(ConvergenceProgress p) =>
        $"sessions {p.SessionsEstablished}/{p.SessionsExpected}, routes {p.RoutesPresent}/{p.RoutesExpected}, flood lists {p.FloodListsComplete}/{p.FloodListsExpected}, BGP bytes in flight {p.BgpBytesInFlight}";

    private static string FirstLeaf(FabricTopology t)
    {
        foreach (var n in t.Nodes) if (n.IsVtep) return n.Name;
        return t.Nodes.Length > 0 ? t.Nodes[0].Name : "leaf1";
    }
}
