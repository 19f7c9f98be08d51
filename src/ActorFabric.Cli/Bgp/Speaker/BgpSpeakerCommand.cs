using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;

namespace ActorFabric.Cli.Bgp.Speaker;

/// <summary>
/// <c>actorfabric bgp speaker --listen ADDR:PORT --asn N --router-id X [--accept CIDR]… [--route-reflector]
/// [--peer ADDR:PORT]… [--routes FILE] [--api ADDR:PORT] [--json]</c>: a BGP EVPN speaker over real TCP that
/// runs until interrupted (SIGINT/SIGTERM), sending Cease to its peers on the way out.
/// </summary>
public static class BgpSpeakerCommand
{
    public static Command Create()
    {
        var listen = new Option<string?>("--listen") { Description = "Listen on ADDR:PORT (e.g. 127.0.0.1:1790)." };
        var asn = new Option<uint>("--asn") { Description = "Our AS number (iBGP: peers share it).", Required = true };
        var routerId = new Option<string>("--router-id") { Description = "BGP identifier (IPv4 dotted quad).", Required = true };
        var accept = new Option<string[]>("--accept") { Description = "Accept any iBGP peer connecting from this prefix (dynamic neighbours); repeatable.", AllowMultipleArgumentsPerToken = false };
        var rr = new Option<bool>("--route-reflector") { Description = "Act as a route reflector; accepted and configured peers are its clients (RFC 4456)." };
        var clusterId = new Option<string?>("--cluster-id") { Description = "CLUSTER_ID (default: the router id)." };
        var peers = new Option<string[]>("--peer") { Description = "Connect to (and accept from) this neighbour ADDR:PORT; repeatable." };
        var localAddress = new Option<string?>("--local-address") { Description = "Source address of outgoing connections (default: the listen address)." };
        var routes = new Option<FileInfo?>("--routes") { Description = "JSON routes file of EVPN routes to originate (type 2 / type 3)." };
        var api = new Option<string?>("--api") { Description = "Serve the local JSON control API on ADDR:PORT (bgp rib / inject / withdraw)." };
        var json = new Option<bool>("--json") { Description = "Log one JSON object per line per session event on stdout." };
        var hold = new Option<int>("--hold-time") { Description = "Hold time in seconds (RFC 4271 §4.2).", DefaultValueFactory = _ => 90 };
        var noExt = new Option<bool>("--no-extended-message") { Description = "Do not advertise Extended Message (RFC 8654)." };
        var cmd = new Command("speaker", "Run a BGP EVPN speaker over TCP (listen and connect), optionally a route reflector.")
        { listen, asn, routerId, accept, rr, clusterId, peers, localAddress, routes, api, json, hold, noExt };
        cmd.SetAction(async (parse, cancel) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            BgpSpeakerHostOptions options;
            IReadOnlyList<EvpnRouteSpec> originate = [];
            IPEndPoint? apiEndpoint;
            try
            {
                var rrOn = parse.GetValue(rr);
                options = new BgpSpeakerHostOptions
                {
                    Asn = parse.GetValue(asn),
                    RouterId = IPAddress.Parse(parse.GetValue(routerId)!),
                    Listen = parse.GetValue(listen) is { } l ? BgpHostAddress.ParseEndpoint(l) : null,
                    LocalAddress = parse.GetValue(localAddress) is { } la ? IPAddress.Parse(la) : null,
                    AcceptRanges = parse.GetValue(accept) ?? [],
                    RouteReflector = rrOn,
                    ClusterId = parse.GetValue(clusterId) is { } c ? IPAddress.Parse(c) : null,
                    Peers = (parse.GetValue(peers) ?? []).Select(p => new BgpHostPeer(BgpHostAddress.ParseEndpoint(p), RouteReflectorClient: rrOn)).ToArray(),
                    HoldTime = TimeSpan.FromSeconds(parse.GetValue(hold)),
                    ExtendedMessage = !parse.GetValue(noExt),
                    JsonLog = parse.GetValue(json) ? output : null,
                };
                foreach (var range in options.AcceptRanges) Protocols.Bgp.Speaker.BgpListenRange.Parse(range, null!);
                if (parse.GetValue(routes) is { } file) originate = EvpnRoutesFile.Load(file.FullName);
                apiEndpoint = parse.GetValue(api) is { } a ? BgpHostAddress.ParseEndpoint(a) : null;
            }
            catch (Exception e) when (e is FormatException or IOException or System.Text.Json.JsonException)
            {
                error.WriteLine($"actorfabric bgp speaker: {e.Message}");
                return CliApp.ExitUsage;
            }
            if (options.Listen is null && options.Peers.Count == 0)
            {
                error.WriteLine("actorfabric bgp speaker: give --listen ADDR:PORT and/or --peer ADDR:PORT");
                return CliApp.ExitUsage;
            }
            using var host = new BgpSpeakerHost(options);
            BgpControlApi? control = null;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; stop.Cancel(); });
            try
            {
                host.Start();
                if (originate.Count > 0) await host.OriginateAsync(originate);
                if (apiEndpoint is not null) { control = new BgpControlApi(host, apiEndpoint, stop.Cancel); control.Start(); }
                if (options.JsonLog is null)
                    output.WriteLine($"bgp speaker AS {options.Asn} id {options.RouterId} listening on {host.ListenEndpoint?.ToString() ?? "-"}" +
                                     (apiEndpoint is null ? "" : $", api http://{apiEndpoint}/"));
                try { await Task.Delay(Timeout.Infinite, stop.Token); }
                catch (OperationCanceledException) { }
                return 0;
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or HttpListenerException or FormatException)
            {
                error.WriteLine($"actorfabric bgp speaker: {e.Message}");
                return 1;
            }
            finally
            {
                control?.Dispose();
            }
        });
        return cmd;
    }
}
