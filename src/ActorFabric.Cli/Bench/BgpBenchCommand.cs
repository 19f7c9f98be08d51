using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace ActorFabric.Cli.Bench;

/// <summary>
/// <c>actorfabric bench bgp [--json] [--routes N] [--clients M] [--tcp [--against frr]]</c>: codec rates and
/// in-process route reflection by default; with <c>--tcp</c>, our reflector process against FRR's over loopback TCP.
/// </summary>
public static class BgpBenchCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var routes = new Option<int>("--routes") { Description = "Type-2 routes to reflect.", DefaultValueFactory = _ => 1_000_000 };
        var clients = new Option<int>("--clients") { Description = "Receiving route-reflector clients.", DefaultValueFactory = _ => 10 };
        var tcp = new Option<bool>("--tcp") { Description = "Measure reflectors as separate processes over loopback TCP (our `bgp speaker`)." };
        var against = new Option<string?>("--against") { Description = "With --tcp: also run the same load against this reflector (frr) and print the ratio." };
        var codecSeconds = new Option<double>("--codec-seconds") { Description = "Seconds per codec figure.", DefaultValueFactory = _ => 1.0 };
        var cmd = new Command("bgp", "BGP: UPDATE decode/encode NLRI/s, in-process reflection of N routes to M clients; --tcp: vs FRR over TCP.")
        { json, routes, clients, tcp, against, codecSeconds };
        cmd.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            int n = parse.GetValue(routes), m = parse.GetValue(clients);
            var vs = parse.GetValue(against);
            if (n <= 0 || m <= 0 || (vs is not null && vs != "frr") || (vs is not null && !parse.GetValue(tcp)))
            {
                error.WriteLine("actorfabric bench bgp: --routes and --clients must be positive; --against takes frr and needs --tcp");
                return CliApp.ExitUsage;
            }
            Action<string> progress = s => error.WriteLine($"bench bgp: {s}");
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = !parse.GetValue(json) }))
            {
                w.WriteStartObject();
                if (parse.GetValue(tcp))
                {
                    var r = BgpTcpReflectorComparison.Run(n, m, vs == "frr", progress);
                    r.WriteJsonProperties(w);
                }
                else
                {
                    progress("codec");
                    var codec = BgpCodecBenchmark.Run(TimeSpan.FromSeconds(parse.GetValue(codecSeconds)));
                    codec.WriteJsonProperties(w);
                    progress($"in-process reflection of {n:N0} routes to {m} clients");
                    var reflect = RouteReflectionBenchmark.Run(n, m);
                    w.WriteNumber("reflect_routes", reflect.Routes);
                    w.WriteNumber("reflect_clients", reflect.Clients);
                    w.WriteNumber("reflect_s", Math.Round(reflect.Elapsed.TotalSeconds, 3));
                    w.WriteNumber("reflect_routes_delivered_per_s", Math.Round(reflect.RoutesPerSecond));
                    w.WriteNumber("reflect_peak_bytes", reflect.PeakManagedBytes);
                    w.WriteNumber("reflect_peak_working_set_bytes", reflect.PeakWorkingSetBytes);
                }
                w.WriteNumber("cores", Environment.ProcessorCount);
                w.WriteEndObject();
            }
            output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
            return 0;
        });
        return cmd;
    }
}
