using System.CommandLine;
using ActorFabric.Simulation;
using ActorFabric.Cli.Cluster;
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
    public static Command Create() => Build(cluster: false);

    /// <summary>
    /// <c>actorfabric launch FILE --seed HOST:PORT</c>: the same as <c>up</c>, but the devices run on the fabric nodes
    /// of a cluster (<c>actorfabric node</c>); this process joins as a launcher (role control), shows progress per
    /// node, and serves the same control API, so show, ping, capture, chaos work unchanged.
    /// </summary>
    public static Command CreateLaunch() => Build(cluster: true);

    private static Command Build(bool cluster)
    {
        var command = cluster
            ? new Command("launch", "Launch a fabric across a running cluster (`actorfabric node`), wait for convergence, then serve the control API until Ctrl-C.")
            : new Command("up", "Start a fabric, wait for convergence, then serve the control API on 127.0.0.1 until Ctrl-C.");
        var file = new Argument<string>("FILE") { Description = "Topology file (ActorFabric YAML or containerlab .clab.yml)." };
        var virtualTime = new Option<bool>("--virtual-time") { Description = "Run on the virtual (discrete-event) clock: deterministic, idle time skipped; between API requests emulated time stands still." };
        var exitWhenConverged = new Option<bool>("--exit-when-converged") { Description = "Exit after the summary: 0 if converged, 1 if not within --timeout." };
        var json = new Option<bool>("--json") { Description = "Print one JSON summary instead of the progress bars and table." };
        var timeout = new Option<string>("--timeout") { Description = "Give up waiting for convergence after this long (emulated time with --virtual-time).", DefaultValueFactory = _ => "60s" };
        var port = new Option<int>("--api-port", "--port") { Description = "Port of the control API on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => ControlApiServer.DefaultPort };
        var address = new Option<string>("--api-address") { Description = "Address the control API binds (default 127.0.0.1). Beyond loopback every request needs the token.", DefaultValueFactory = _ => "127.0.0.1" };
        var captureDir = new Option<string?>("--capture-dir") { Description = "The folder API captures may be written in (default: the working directory)." };
        var seed = new Option<int>(cluster ? "--random-seed" : "--seed") { Description = "Seed of every random choice of the run (link loss, BFD jitter, ...).", DefaultValueFactory = _ => 1 };
        var clusterSeed = new Option<string>("--seed") { Description = "Seed node(s) of the cluster, HOST:PORT[,…] (an `actorfabric node`).", Required = true };
        var nodes = new Option<int?>("--nodes") { Description = "Wait until this many fabric nodes are up before launching (default: whoever is up, at least one)." };
        var listen = new Option<string>("--listen") { Description = "Address and port this launcher's cluster endpoint listens on (port 0 picks a free one).", DefaultValueFactory = _ => "127.0.0.1:0" };
        var joinTimeout = new Option<string>("--join-timeout") { Description = "Give up joining the cluster (and waiting for --nodes) after this long.", DefaultValueFactory = _ => "60s" };
        var tls = ClusterOptions.Tls();
        var store = new Option<string?>("--store") { Description = cluster
            ? "Journal store of the devices, if the nodes run without one (ignored: each node's --store counts)."
            : "Keep each device's journal (link chaos state, host locations) in sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DB, so a run started again with the same store resumes (real time only)." };
        var stateFile = new Option<string?>("--state-file") { Description = "Write the control API address and token to this file instead of an entry in the state directory ($XDG_RUNTIME_DIR/actorfabric or ~/.actorfabric)." };
        var serve = new Option<bool>("--serve") { Description = "Serve the control API even where up would exit by itself (CI=true, or neither stdin nor stdout a terminal)." };
        var prometheus = new Option<bool>("--prometheus") { Description = $"Also start Prometheus ({LocalPrometheus.DefaultBinary}, Debian's package) on 127.0.0.1 scraping this fabric with config/prometheus/prometheus.yml; stopped with the fabric." };
        var prometheusPort = new Option<int>("--prometheus-port") { Description = "Port of that Prometheus on 127.0.0.1 (0 picks a free one; a busy default picks one too).", DefaultValueFactory = _ => LocalPrometheus.DefaultPort };
        var logLevel = new Option<LogEventLevel>("--log-level") { Description = "Level of the log written to stderr (Akka's log included).", DefaultValueFactory = _ => LogEventLevel.Warning };
        command.Arguments.Add(file);
        var akkaConfig = AkkaConfigOption.Create();
        var logFile = CliLogging.FileOption();
        foreach (var o in new Option[] { exitWhenConverged, serve, json, timeout, port, address, seed, stateFile, captureDir, logLevel, logFile, akkaConfig }) command.Options.Add(o);
        if (cluster) foreach (var o in new Option[] { clusterSeed, nodes, listen, joinTimeout, tls.Cert, tls.Password }) command.Options.Add(o);
        else
        {
            command.Options.Add(virtualTime);
            command.Options.Add(store);
            command.Options.Add(prometheus);
            command.Options.Add(prometheusPort);
        }

        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            // Every option is checked before anything starts: a bad value must not cost a convergence first.
            if (!DurationSyntax.TryParse(parse.GetValue(timeout)!, out var wait) || wait <= TimeSpan.Zero || wait > TimeSpan.FromDays(1))
            {
                error.WriteLine($"actorfabric: bad --timeout '{FabricNames.Clip(parse.GetValue(timeout)!)}' (a duration such as 60s, at most 24h)");
                return CliApp.ExitUsage;
            }
            int apiPort = parse.GetValue(port);
            if (apiPort is < 0 or > 65535)
            {
                error.WriteLine($"actorfabric: --api-port {apiPort} is out of range (0..65535; 0 picks a free port)");
                return CliApp.ExitUsage;
            }
            var addressText = parse.GetValue(address) ?? "";
            var apiAddress = System.Net.IPAddress.IPv6Loopback;
            if (addressText != "::1" && !(AddressSyntax.TryParseIpv4(addressText, out var v4) && (apiAddress = new System.Net.IPAddress(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(v4))) is not null))
            {
                error.WriteLine($"actorfabric: bad --api-address '{FabricNames.Clip(parse.GetValue(address) ?? "")}' (an IPv4 address such as 127.0.0.1, or ::1)");
                return CliApp.ExitUsage;
            }
            var captures = Path.GetFullPath(parse.GetValue(captureDir) ?? Directory.GetCurrentDirectory());
            if (!Directory.Exists(captures))
            {
                error.WriteLine($"actorfabric: --capture-dir {captures} is not a directory");
                return CliApp.ExitUsage;
            }
            HostPort listenAt = default;
            List<HostPort> seeds = [];
            ActorFabric.Cluster.Security.ClusterTls? clusterTls = null;
            var join = TimeSpan.Zero;
            if (cluster)
            {
                if (!ClusterOptions.TrySeeds(parse.GetValue(clusterSeed)!, error, out seeds)
                    || !ClusterOptions.TryEndpoint(parse.GetValue(listen)!, "--listen", true, error, out listenAt)
                    || !ClusterOptions.TryTls(parse, tls, error, out clusterTls))
                    return CliApp.ExitUsage;
                if (!DurationSyntax.TryParse(parse.GetValue(joinTimeout)!, out join) || join <= TimeSpan.Zero)
                {
                    error.WriteLine($"actorfabric: bad --join-timeout '{FabricNames.Clip(parse.GetValue(joinTimeout)!)}' (a duration such as 60s)");
                    return CliApp.ExitUsage;
                }
                if (parse.GetValue(nodes) is < 1)
                {
                    error.WriteLine($"actorfabric: --nodes {parse.GetValue(nodes)} must be at least 1");
                    return CliApp.ExitUsage;
                }
            }
            ActorFabric.Cluster.Persistence.FabricStore? journalStore = null;
            if (!cluster && parse.GetValue(store) is { } storeText)
            {
                try
                {
                    journalStore = ActorFabric.Cluster.Persistence.FabricStore.Parse(storeText);
                }
                catch (FormatException e)
                {
                    error.WriteLine($"actorfabric: {e.Message}");
                    return CliApp.ExitUsage;
                }
                if (parse.GetValue(virtualTime))
                {
                    error.WriteLine("actorfabric: --store needs real time (journals are written as the run goes); drop --virtual-time");
                    return CliApp.ExitUsage;
                }
            }
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                error.WriteLine(Directory.Exists(path) ? $"actorfabric: {path} is a directory, not a topology file" : $"actorfabric: {path}: no such topology file");
                return CliApp.ExitUsage;
            }
            bool willServe = !parse.GetValue(exitWhenConverged) && (parse.GetValue(serve) || !RunsUnattended(output));
            bool withPrometheus = !cluster && parse.GetValue(prometheus);
            if (withPrometheus && UpPrometheus.Problem(willServe, parse.GetValue(prometheusPort)) is { } noPrometheus)
            {
                error.WriteLine($"actorfabric: {noPrometheus}");
                return noPrometheus.StartsWith("--", StringComparison.Ordinal) ? CliApp.ExitUsage : 1;
            }
            if (willServe && apiPort != 0 && PortProblem(apiAddress, apiPort) is { } busy)
            {
                error.WriteLine($"actorfabric: cannot listen on {apiAddress}:{apiPort} ({busy}); another `actorfabric up` may be running: use --api-port 0 for a free port");
                return 1;
            }
            if (!TopologyLoader.TryLoad(path, out var topology, out var problems))
            {
                TopologyProblems.Write(problems, error, "nothing started");
                return CliApp.ExitUsage;
            }
            foreach (var warning in TopologyWarnings.Of(topology)) error.WriteLine($"warning: {warning}");

            bool asJson = parse.GetValue(json);
            bool terminal = !asJson && ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
            bool isVirtual = !cluster && parse.GetValue(virtualTime);
            int runSeed = parse.GetValue(seed);
            // Akka's own log (Akka.Logger.Serilog) writes to the same pipeline, at the same level.
            using var logger = CliLogging.Start(parse.GetValue(logLevel), parse.GetValue(logFile),
                "[{Timestamp:HH:mm:ss} {Level:u3}] {Device}{ActorPath} {Message:lj}{NewLine}{Exception}", topology.Name);

            var runOptions = new FabricRunOptions
            {
                Clock = isVirtual ? ClockMode.Virtual : ClockMode.Real,
                Seed = runSeed,
                AkkaConfigFile = parse.GetValue(akkaConfig),
            };
            FabricRuntime runtime;
            if (journalStore is { } journals)
            {
                try
                {
                    runtime = await ActorFabric.Cluster.Launch.ClusterLauncher.StartWithStoreAsync(topology, await File.ReadAllTextAsync(path, ct).ConfigureAwait(false),
                        runOptions, journals, null, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is TimeoutException or InvalidOperationException)
                {
                    error.WriteLine($"actorfabric: cannot start with --store {journals.Display}: {e.Message}");
                    return 1;
                }
            }
            else if (!cluster) runtime = FabricRuntime.Start(topology, runOptions);
            else
            {
                try
                {
                    runtime = await LaunchAsync(topology, path, runOptions, seeds, listenAt, clusterTls, parse.GetValue(nodes), join, asJson ? null : output, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is TimeoutException or InvalidOperationException)
                {
                    error.WriteLine($"actorfabric: launch failed: {e.Message}");
                    return 1;
                }
            }
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
                server = await ControlApiServer.StartAsync(fabric, new ControlApiOptions { Port = apiPort, Address = apiAddress, CaptureDirectory = captures }, ct).ConfigureAwait(false);
            }
            catch (ControlApiException e)
            {
                error.WriteLine($"actorfabric: {e.Message}");
                return e.ExitCode;
            }
            await using (server.ConfigureAwait(false))
            {
                var url = server.Address.ToString().TrimEnd('/');
                var entry = new ControlState(url, Environment.ProcessId, topology.Name, Path.GetFullPath(path), isVirtual ? "virtual" : "real") { Token = server.Token };
                string statePath;
                if ((parse.GetValue(stateFile) ?? ControlState.ExplicitFile) is { } explicitPath)
                {
                    statePath = explicitPath;
                    entry.Write(statePath);
                }
                else entry = entry.Register(ControlState.DefaultDirectory, out statePath);
                LocalPrometheus? scraper = null;
                if (withPrometheus && (scraper = await UpPrometheus.StartAsync(server, apiAddress, parse.GetValue(prometheusPort), error, ct).ConfigureAwait(false)) is null)
                {
                    ControlState.RemoveIfOwned(statePath, url);
                    return 1;
                }
                await using var stopPrometheus = scraper;
                Report(UpSummary.From(topology, report, isVirtual, runSeed, url), output, asJson, terminal);
                if (!report.Converged) error.WriteLine($"actorfabric: warning: not converged within {DurationSyntax.Format(wait)} ({Describe(report.Progress)}); serving anyway");
                if (scraper is not null) (asJson ? error : output).WriteLine($"prometheus: {scraper.Url} (pid {scraper.Pid}, scraping {url}/metrics; data in {scraper.Directory}, removed on exit)");
                if (!asJson) output.WriteLine($"fabric '{entry.Fabric}': control API on {url} (state in {statePath}); try `actorfabric show bgp summary --device {FirstLeaf(topology)}`. Ctrl-C to stop.");
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

    private static async Task<FabricRuntime> LaunchAsync(FabricTopology topology, string path, FabricRunOptions options, List<HostPort> seeds, HostPort listen,
        ActorFabric.Cluster.Security.ClusterTls? tls, int? nodes, TimeSpan join, TextWriter? progress, CancellationToken ct)
    {
        var launcher = ActorFabric.Cluster.Node.ClusterNode.Start(new ActorFabric.Cluster.Node.ClusterNodeOptions
        {
            ListenHost = listen.Host,
            ListenPort = listen.Port,
            Seeds = [.. seeds.Select(s => s.ToString())],
            Roles = [ActorFabric.Cluster.Node.ClusterNode.ControlRole],
            Tls = tls,
            AkkaConfigFile = options.AkkaConfigFile,
        });
        try
        {
            var report = progress is null ? null : new SynchronousProgress(line => { progress.WriteLine(line); progress.Flush(); });
            return await ActorFabric.Cluster.Launch.ClusterLauncher.LaunchAsync(launcher, topology, await File.ReadAllTextAsync(path, ct).ConfigureAwait(false), options, nodes, join, report, ct).ConfigureAwait(false);
        }
        catch
        {
            await launcher.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private sealed class SynchronousProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
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

    /// <summary>Null when the port can be bound now, else why not (checked before the fabric starts).</summary>
    private static string? PortProblem(System.Net.IPAddress address, int port)
    {
        var probe = new System.Net.Sockets.TcpListener(address, port) { ExclusiveAddressUse = true };
        try
        {
            probe.Start();
            return null;
        }
        catch (System.Net.Sockets.SocketException e)
        {
            return e.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse ? "address already in use" : e.Message;
        }
        finally
        {
            probe.Stop();
        }
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
