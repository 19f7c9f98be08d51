using System.CommandLine;
using System.Globalization;
using ActorFabric.Cli.Cluster;
using ActorFabric.Cli.Output;
using ActorFabric.Cluster.Launch;
using ActorFabric.Cluster.Node;

namespace ActorFabric.Cli.Commands;

/// <summary><c>actorfabric cluster status|cert</c>: the state of a fabric cluster, and the lab certificate its nodes share.</summary>
public static class ClusterCommand
{
    public static Command Create()
    {
        var command = new Command("cluster", "Inspect a fabric cluster, or create the certificate its nodes share.");
        command.Subcommands.Add(Status());
        command.Subcommands.Add(ClusterCertCommand.Create());
        return command;
    }

    private static Command Status()
    {
        var command = new Command("status", "Members and their state, shards and devices per node, link cut, frames and bytes between node pairs, metrics endpoints.");
        var seed = new Option<string>("--seed") { Description = "A cluster node to ask, HOST:PORT[,…] (this command joins briefly as a control member).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON document." };
        var timeout = new Option<string>("--timeout") { Description = "Give up joining or waiting for answers after this long.", DefaultValueFactory = _ => "30s" };
        var sd = new Option<string?>("--prometheus-sd") { Description = "Also write the nodes' metrics endpoints to FILE as Prometheus file_sd targets (config/prometheus/prometheus-cluster.yml reads them)." };
        var tls = ClusterOptions.Tls();
        foreach (var o in new Option[] { seed, json, timeout, sd, tls.Cert, tls.Password }) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (!ClusterOptions.TrySeeds(parse.GetValue(seed)!, error, out var seeds) || !ClusterOptions.TryTls(parse, tls, error, out var clusterTls)) return CliApp.ExitUsage;
            if (!Fabric.Topology.DurationSyntax.TryParse(parse.GetValue(timeout)!, out var wait) || wait <= TimeSpan.Zero)
            {
                error.WriteLine($"actorfabric: bad --timeout '{parse.GetValue(timeout)}' (a duration such as 30s)");
                return CliApp.ExitUsage;
            }
            var node = ClusterNode.Start(new ClusterNodeOptions { Seeds = [.. seeds.Select(s => s.ToString())], Roles = [ClusterNode.ControlRole], Tls = clusterTls });
            await using (node.ConfigureAwait(false))
            {
                ClusterStatusView status;
                try
                {
                    await node.WaitUpAsync(wait, ct).ConfigureAwait(false);
                    // The member list reaches a new member by gossip within a second or two.
                    await ClusterLauncher.FabricMembersAsync(node.System, 1, wait, ct).ConfigureAwait(false);
                    status = await ClusterStatusReader.ReadAsync(node.System, wait).ConfigureAwait(false);
                }
                catch (TimeoutException e)
                {
                    error.WriteLine($"actorfabric: {e.Message}");
                    return 1;
                }
                if (parse.GetValue(sd) is { } targets)
                {
                    try
                    {
                        PrometheusTargetsFile.Write(status, targets);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        error.WriteLine($"actorfabric: cannot write {targets}: {e.Message}");
                        return 1;
                    }
                }
                if (parse.GetValue(json)) output.WriteLine(CliJson.Serialize(status));
                else Write(status, output);
            }
            return 0;
        });
        return command;
    }

    private static void Write(ClusterStatusView s, TextWriter o)
    {
        o.WriteLine("members:");
        foreach (var m in s.Members)
            o.WriteLine($"  {m.Address}  {m.Status.ToLowerInvariant()}{(m.Reachable ? "" : " (unreachable)")}  roles {string.Join(",", m.Roles)}");
        o.WriteLine("fabric nodes:");
        foreach (var n in s.Nodes)
        {
            if (n.Error is not null) { o.WriteLine($"  {n.Address}  {n.Error}"); continue; }
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {n.Address}  fabric {n.Fabric ?? "-"}  shards {n.Shards.Count}  devices {n.Devices}  hosts {n.Hosts}  links {n.Links}  cut {n.LinksCut}  metrics {n.MetricsUrl ?? "-"}"));
            foreach (var t in n.Sent)
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"      → {t.To}: {t.Frames} frames, {t.Bytes} bytes in {t.Batches} batches"));
        }
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"link cut: {s.LinksCut} links have their ends on different nodes"));
    }
}
