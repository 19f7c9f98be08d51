using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace ActorFabric.Cli.Bench;

/// <summary><c>actorfabric bench actors [--json]</c>.</summary>
public static class ActorsBenchCommand
{
    public static Command Create()
    {
        var actors = new Command("actors", "Akka.NET on the fabric dispatcher: tell throughput vs. a Channels baseline, ping-pong, memory, spawn; virtual-time rate of the simulation driver.");
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
        actors.Options.Add(json);
        actors.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var asJson = parse.GetValue(json);
            var error = parse.InvocationConfiguration.Error;
            var figures = ActorKernelBench.Run(asJson ? null : step => error.WriteLine($"bench actors: {step}…"));
            output.WriteLine(asJson ? ToJson(figures) : ToTable(figures));
            return 0;
        });
        return actors;
    }

    public static string ToJson(ActorKernelFigures f)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteNumber("tell_msgs_per_s", Math.Round(f.TellMsgsPerSecond));
            writer.WriteNumber("channel_msgs_per_s", Math.Round(f.ChannelMsgsPerSecond));
            writer.WriteNumber("pingpong_rtt_us", Math.Round(f.PingPongRttMicroseconds, 3));
            writer.WriteNumber("bytes_per_idle_actor", Math.Round(f.BytesPerIdleActor, 1));
            writer.WriteNumber("spawn_1m_s", Math.Round(f.Spawn1MSeconds, 3));
            writer.WriteNumber("virtual_events_per_s", Math.Round(f.VirtualEventsPerSecond));
            writer.WriteNumber("pairs", f.Pairs);
            writer.WriteNumber("cores", Environment.ProcessorCount);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string ToTable(ActorKernelFigures f)
    {
        var table = new Table().AddColumn("figure").AddColumn(new TableColumn("value").RightAligned()).AddColumn("target");
        string N(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
        table.AddRow($"tell throughput ({f.Pairs} pairs)", N(f.TellMsgsPerSecond / 1e6, "F2") + " M msgs/s", "");
        table.AddRow("channels baseline (same workload)", N(f.ChannelMsgsPerSecond / 1e6, "F2") + " M msgs/s", "");
        table.AddRow("tell / channels", N(f.TellMsgsPerSecond / f.ChannelMsgsPerSecond, "F2"), "");
        table.AddRow("ping-pong round trip (median)", N(f.PingPongRttMicroseconds, "F2") + " µs", "");
        table.AddRow("bytes per idle actor", N(f.BytesPerIdleActor, "F0") + " B", "");
        table.AddRow("spawn 1,000,000 actors (200,000 × 5)", N(f.Spawn1MSeconds, "F2") + " s", "");
        table.AddRow("virtual-time deliveries", N(f.VirtualEventsPerSecond / 1e6, "F2") + " M msgs/s", ">= 3 M/s");
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Write(table);
        return writer.ToString();
    }
}
