using System.CommandLine;
using ActorFabric.Cli.Cluster;
using ActorFabric.Cli.Output;
using ActorFabric.Cluster.Node;
using Serilog.Events;

namespace ActorFabric.Cli.Commands;

/// <summary>
/// <c>actorfabric node --listen HOST:PORT --seed HOST:PORT[,…]</c>: one member of the fabric cluster. It joins the
/// seeds (Akka.Cluster), hosts the devices the placement gives it once a launcher loads a fabric, serves its
/// metrics on <c>--http</c>, and runs until Ctrl-C/SIGTERM (it leaves the cluster; its devices move to the others)
/// or until the cluster downs it (exit 1).
/// </summary>
public static class NodeCommand
{
    public static Command Create()
    {
        var command = new Command("node", "Run a fabric cluster node: join the seeds, host devices of launched fabrics, serve /metrics.");
        var listen = new Option<string>("--listen") { Description = "Address and port Akka.Remote listens on (HOST:PORT; port 0 picks a free one).", DefaultValueFactory = _ => "127.0.0.1:4053" };
        var publicHost = new Option<string?>("--public-host") { Description = "Name other nodes reach this one by, if not the --listen address (containers, NAT)." };
        var seed = new Option<string>("--seed") { Description = "Seed nodes, HOST:PORT[,HOST:PORT…]; the first seed forms the cluster when it starts alone.", Required = true };
        var roles = new Option<string>("--roles") { Description = "Cluster roles, comma-separated (fabric nodes host devices).", DefaultValueFactory = _ => ClusterNode.FabricRole };
        var http = new Option<string>("--http") { Description = "Where this node serves /metrics and /healthz (HOST:PORT; port 0 picks a free one).", DefaultValueFactory = _ => "127.0.0.1:0" };
        var logLevel = new Option<LogEventLevel>("--log-level") { Description = "Level of the log written to stderr (Akka's log included).", DefaultValueFactory = _ => LogEventLevel.Warning };
        var store = new Option<string?>("--store") { Description = "Where devices keep their journals: sqlite:PATH (one machine) or postgres://USER:PASSWORD@HOST:PORT/DB (a cluster: every node the same). Without it a device that moves restarts from its configuration." };
        var tls = ClusterOptions.Tls();
        var akkaConfig = AkkaConfigOption.Create();
        var logFile = CliLogging.FileOption();
        foreach (var o in new Option[] { listen, publicHost, seed, roles, http, store, tls.Cert, tls.Password, logLevel, logFile, akkaConfig }) command.Options.Add(o);

        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (!ClusterOptions.TryEndpoint(parse.GetValue(listen)!, "--listen", true, error, out var listenAt)
                || !ClusterOptions.TryEndpoint(parse.GetValue(http)!, "--http", true, error, out var httpAt)
                || !ClusterOptions.TrySeeds(parse.GetValue(seed)!, error, out var seeds)
                || !ClusterOptions.TryTls(parse, tls, error, out var clusterTls))
                return CliApp.ExitUsage;
            ActorFabric.Cluster.Persistence.FabricStore? journalStore = null;
            try
            {
                if (parse.GetValue(store) is { } text) journalStore = ActorFabric.Cluster.Persistence.FabricStore.Parse(text);
            }
            catch (FormatException e)
            {
                error.WriteLine($"actorfabric: {e.Message}");
                return CliApp.ExitUsage;
            }
            var roleList = parse.GetValue(roles)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (roleList.Length == 0)
            {
                error.WriteLine("actorfabric: --roles needs at least one role (fabric)");
                return CliApp.ExitUsage;
            }
            using var logger = CliLogging.Start(parse.GetValue(logLevel), parse.GetValue(logFile), "[{Timestamp:HH:mm:ss} {Level:u3}] {ActorPath} {Message:lj}{NewLine}{Exception}");

            ClusterNode? node = null;
            NodeHttpServer server;
            try
            {
                server = await NodeHttpServer.StartAsync(httpAt, () => node, ct).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                error.WriteLine($"actorfabric: cannot serve --http {httpAt}: {e.Message}");
                return 1;
            }
            await using (server.ConfigureAwait(false))
            {
                try
                {
                    node = ClusterNode.Start(new ClusterNodeOptions
                    {
                        ListenHost = listenAt.Host,
                        ListenPort = listenAt.Port,
                        PublicHost = parse.GetValue(publicHost),
                        Seeds = [.. seeds.Select(s => s.ToString())],
                        Roles = roleList,
                        Tls = clusterTls,
                        Store = journalStore,
                        AkkaConfigFile = parse.GetValue(akkaConfig),
                        MetricsUrl = server.Address.ToString().TrimEnd('/') + "/metrics",
                    });
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    error.WriteLine($"actorfabric: cannot start the node on {listenAt}: {e.GetBaseException().Message}");
                    return 1;
                }
                await using (node.ConfigureAwait(false))
                {
                    output.WriteLine($"node {node.Address} ({string.Join(",", roleList)}): joining {string.Join(", ", seeds)}; metrics on {server.Address}metrics");
                    output.Flush();
                    var up = node.WaitUpAsync(Timeout.InfiniteTimeSpan, ct);
                    var ended = await Task.WhenAny(up, node.System.WhenTerminated, Task.Delay(Timeout.Infinite, ct)).ConfigureAwait(false);
                    if (ended == up && up.IsCompletedSuccessfully)
                    {
                        output.WriteLine($"node {node.Address}: up");
                        output.Flush();
                        ended = await Task.WhenAny(node.System.WhenTerminated, Task.Delay(Timeout.Infinite, ct)).ConfigureAwait(false);
                    }
                    if (ended == node.System.WhenTerminated)
                    {
                        error.WriteLine($"actorfabric: node {node.Address} was removed from the cluster (downed by the split-brain resolver, or refused); stopping");
                        return 1;
                    }
                    output.WriteLine($"node {node.Address}: leaving the cluster");
                }
            }
            return 0;
        });
        return command;
    }
}
