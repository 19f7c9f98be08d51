using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ActorFabric.Cli.Output;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cli.Bench;

/// <summary>
/// <c>actorfabric bench bum [--topology FILE] [--json]</c> (issue 12): one multicast stream per VNI on the same
/// generated fabric with ingress replication, Assisted Replication and Assisted Replication with snooping/SMET (10% of
/// the leaves interested); the copies the busiest leaf makes per packet and the BUM bytes on fabric ports, measured by
/// <see cref="FabricBenchmark.RunBum"/>.
/// </summary>
public static class BumBenchCommand
{
    public const string DefaultTopology = "topologies/bench-256-ar.yaml";

    public static Command Create()
    {
        var command = new Command("bum", "BUM replication cost: ingress replication vs Assisted Replication vs AR with SMET, one multicast stream per VNI.");
        var topologyFile = new Option<string>("--topology") { Description = "Topology with a 'generate:' block and replicators.", DefaultValueFactory = _ => DefaultTopology };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: an object per mode (ir, ar, ar_smet) with busiest_leaf_copies, fabric_bytes, ..." };
        var packets = new Option<int>("--packets") { Description = "Packets per stream (at 100 per emulated second).", DefaultValueFactory = _ => 10 };
        var size = new Option<int>("--size") { Description = "UDP payload octets per packet.", DefaultValueFactory = _ => 256 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1, Description = "Seed of the runs." };
        var wallLimit = new Option<string>("--wall-limit") { Description = "Give up waiting for each fabric's convergence after this much wall time.", DefaultValueFactory = _ => "5m" };
        command.Options.Add(topologyFile);
        command.Options.Add(json);
        command.Options.Add(packets);
        command.Options.Add(size);
        command.Options.Add(seed);
        command.Options.Add(wallLimit);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var path = RepositoryPath.Resolve(parse.GetValue(topologyFile)!);
            if (path is null)
            {
                error.WriteLine($"actorfabric: {parse.GetValue(topologyFile)}: no such topology file");
                return CliApp.ExitUsage;
            }
            if (!TopologyLoader.TryLoad(path, out _, out var problems))
            {
                TopologyProblems.Write(problems, error, "nothing started");
                return CliApp.ExitUsage;
            }
            int count = parse.GetValue(packets), payload = parse.GetValue(size);
            // 8 octets lead each payload (stream id, sequence); 1472 fills a 1500-octet IPv4 MTU.
            if (count is < 1 or > 10_000 || payload is < 8 or > 1472)
            {
                error.WriteLine($"actorfabric: --packets must be 1..10000 and --size 8..1472 (got {count}, {payload})");
                return CliApp.ExitUsage;
            }
            if (!DurationSyntax.TryParse(parse.GetValue(wallLimit)!, out var wallCap))
            {
                error.WriteLine($"actorfabric: bad --wall-limit '{parse.GetValue(wallLimit)}'");
                return CliApp.ExitUsage;
            }
            bool asJson = parse.GetValue(json);
            if (!asJson) error.WriteLine($"bench bum: {path}…");
            FabricBenchmarkBumFigures f;
            try
            {
                f = FabricBenchmark.RunBum(path, count, payload, seed: parse.GetValue(seed), wallLimit: wallCap);
            }
            catch (ArgumentException e)
            {
                error.WriteLine($"actorfabric: {path}: {e.Message}");
                return CliApp.ExitUsage;
            }
            if (asJson) output.WriteLine(ToJson(f));
            else WriteTable(f, output);
            return f.Converged ? 0 : 1;
        });
        return command;
    }

    public static string ToJson(FabricBenchmarkBumFigures f)
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

    private static void WriteTable(FabricBenchmarkBumFigures f, TextWriter output)
    {
        string N(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
        output.WriteLine($"topology {f.Topology}: {f.Leaves} leaves, {f.Replicators} replicators; {f.Ir.Streams} streams of {f.PacketsPerStream} x {f.PayloadSize} B");
        var table = new TextColumns("mode", ">copies/pkt (busiest leaf)", ">fabric bytes", ">replicator copies", ">delivered", ">duplicates", ">wall s");
        foreach (var m in f.Modes)
            table.Add(m.Mode, N(m.BusiestLeafCopies, "0.##"), N(m.FabricBytes, "N0"), N(m.ReplicatorCopies, "N0"),
                $"{m.Delivered}/{m.DeliveredExpected}", m.Duplicates, N(m.WallSeconds, "0.0"));
        table.WriteTo(output);
        output.WriteLine($"ar_smet / ar fabric bytes {N(f.SmetBytesRatio, "0.000")} ({f.ArSmet.InterestedLeaves} of {f.Leaves} leaves interested)");
        if (!f.Converged) output.WriteLine("a fabric did NOT converge: its mode measured nothing");
    }
}
