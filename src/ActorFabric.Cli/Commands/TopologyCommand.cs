using System.CommandLine;
using System.Text.Json;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cli.Commands;

/// <summary>
/// <c>actorfabric topology validate FILE</c> and <c>actorfabric topology show FILE [--json]</c>:
/// load a topology (or a containerlab .clab.yml), print its problems as FILE:LINE:COL lines (exit 2) or its counts and,
/// when it routes, its IP-VRFs (<see cref="Output.TopologyRoutingSummary"/>).
/// </summary>
public static class TopologyCommand
{
    public static Command Create()
    {
        var topology = new Command("topology", "Check and summarise topology files (ActorFabric YAML or containerlab .clab.yml).");

        var validateFile = new Argument<string>("FILE") { Description = "Topology file to check." };
        var validate = new Command("validate", "Load and check a topology; print every problem as FILE:LINE:COL: problem.");
        validate.Arguments.Add(validateFile);
        validate.SetAction(parse =>
        {
            var file = parse.GetValue(validateFile)!;
            var output = parse.InvocationConfiguration.Output;
            if (!TryLoad(file, parse.InvocationConfiguration.Error, out var t)) return CliApp.ExitUsage;
            foreach (var warning in TopologyWarnings.Of(t)) parse.InvocationConfiguration.Error.WriteLine($"warning: {warning}");
            output.WriteLine($"{file}: ok ({t.Nodes.Length} nodes, {t.Links.Length} links, {t.BroadcastDomains.Length} VNIs, {t.Hosts.Length} hosts)");
            return 0;
        });

        var showFile = new Argument<string>("FILE") { Description = "Topology file to summarise." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
        var show = new Command("show", "Load a topology and print its counts (nodes per role, links, VNIs, hosts, BGP sessions, settings), its routing design, IP-VRFs and OISM, and the hosts' IPv6 addresses.");
        show.Arguments.Add(showFile);
        show.Options.Add(json);
        show.SetAction(parse =>
        {
            var file = parse.GetValue(showFile)!;
            if (!TryLoad(file, parse.InvocationConfiguration.Error, out var t)) return CliApp.ExitUsage;
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json)) output.WriteLine(ToJson(t));
            else WriteTable(t, output);
            return 0;
        });

        topology.Subcommands.Add(validate);
        topology.Subcommands.Add(show);
        return topology;
    }

    private static bool TryLoad(string file, TextWriter error, out FabricTopology topology)
    {
        if (TopologyLoader.TryLoad(file, out var loaded, out var errors))
        {
            topology = loaded;
            return true;
        }
        Output.TopologyProblems.Write(errors, error, "nothing started");
        topology = null!;
        return false;
    }

    private static void WriteTable(FabricTopology t, TextWriter output)
    {
        output.WriteLine($"topology         {t.Name}  ({t.SourceFile})");
        output.WriteLine($"asn              {t.Asn}");
        output.WriteLine($"spines           {t.CountNodes(NodeRole.Spine)}");
        output.WriteLine($"leaves           {t.CountNodes(NodeRole.Leaf)}");
        output.WriteLine($"border leaves    {t.CountNodes(NodeRole.BorderLeaf)}");
        output.WriteLine($"route reflectors {t.RouteReflectorCount} ({t.CountNodes(NodeRole.RouteReflector)} dedicated)");
        output.WriteLine($"links            {t.Links.Length}");
        output.WriteLine($"mac-vrfs         {t.MacVrfs.Length}");
        output.WriteLine($"vnis             {t.BroadcastDomains.Length}");
        output.WriteLine($"hosts (MACs)     {t.Hosts.Length}");
        output.WriteLine($"bgp sessions     {t.BgpSessionCount}");
        var s = t.Settings;
        output.WriteLine($"bgp timers       hold {DurationSyntax.Format(s.BgpHoldTime)}, keepalive {DurationSyntax.Format(s.BgpKeepalive)}");
        output.WriteLine($"bfd              {DurationSyntax.Format(s.BfdInterval)} x {s.BfdMultiplier}");
        Output.TopologyRoutingSummary.WriteText(t, output);
    }

    private static string ToJson(FabricTopology t)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("name", t.Name);
            w.WriteString("file", t.SourceFile);
            w.WriteNumber("asn", t.Asn);
            w.WriteNumber("nodes", t.Nodes.Length);
            w.WriteNumber("spines", t.CountNodes(NodeRole.Spine));
            w.WriteNumber("leaves", t.CountNodes(NodeRole.Leaf));
            w.WriteNumber("borderLeaves", t.CountNodes(NodeRole.BorderLeaf));
            w.WriteNumber("dedicatedRouteReflectors", t.CountNodes(NodeRole.RouteReflector));
            w.WriteNumber("routeReflectors", t.RouteReflectorCount);
            w.WriteNumber("links", t.Links.Length);
            w.WriteNumber("macVrfs", t.MacVrfs.Length);
            w.WriteNumber("vnis", t.BroadcastDomains.Length);
            w.WriteNumber("hosts", t.Hosts.Length);
            w.WriteNumber("bgpSessions", t.BgpSessionCount);
            Output.TopologyRoutingSummary.WriteJson(t, w);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
