using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using ActorFabric.Cli.Output;
using Serilog;
using Serilog.Events;

namespace ActorFabric.Cli.Bgp.Speaker;

/// <summary>
/// <c>actorfabric bgp speaker --listen ADDR:PORT --asn N --router-id X [--accept CIDR]… [--route-reflector]
/// [--peer ADDR:PORT]… [--routes FILE] [--api ADDR:PORT] [--json]</c>: a BGP EVPN speaker over real TCP that
/// runs until interrupted (SIGINT/SIGTERM), sending Cease to its peers on the way out.
/// Every option is checked before anything starts (exit 2 naming the option); a port that cannot be bound is
/// exit 1 naming the port.
/// </summary>
public static class BgpSpeakerCommand
{
    public static Command Create()
    {
        var listen = new Option<string?>("--listen") { Description = "Listen on ADDR:PORT (e.g. 127.0.0.1:1790)." };
        var asn = new Option<uint>("--asn") { Description = "Our AS number, 1 to 4294967295 (iBGP: peers share it).", Required = true };
        var routerId = new Option<string>("--router-id") { Description = "BGP identifier (IPv4 dotted quad).", Required = true };
        var accept = new Option<string[]>("--accept") { Description = "Accept any iBGP peer connecting from this prefix (dynamic neighbours); repeatable.", AllowMultipleArgumentsPerToken = false };
        var rr = new Option<bool>("--route-reflector") { Description = "Act as a route reflector; accepted and configured peers are its clients (RFC 4456)." };
        var clusterId = new Option<string?>("--cluster-id") { Description = "CLUSTER_ID (default: the router id)." };
        var peers = new Option<string[]>("--peer") { Description = "Connect to (and accept from) this neighbour ADDR:PORT; repeatable." };
        var localAddress = new Option<string?>("--local-address") { Description = "Source address of outgoing connections (default: the listen address)." };
        var routes = new Option<FileInfo?>("--routes") { Description = "JSON routes file of EVPN routes to originate (type 2 / type 3)." };
        var api = new Option<string?>("--api") { Description = "Serve the JSON control API on ADDR:PORT (bgp rib / inject / withdraw)." };
        var apiTokenFile = new Option<FileInfo?>("--api-token-file") { Description = "Where to write the API's per-run token (default: $XDG_RUNTIME_DIR/actorfabric/bgp-api-ADDR-PORT.token, else ~/.actorfabric/…)." };
        var json = new Option<bool>("--json") { Description = "Log one JSON object per line per session event on stdout." };
        var hold = new Option<int>("--hold-time") { Description = "Hold time in seconds: 0 (no keepalives) or 3 to 65535 (RFC 4271 §4.2).", DefaultValueFactory = _ => 90 };
        var noExt = new Option<bool>("--no-extended-message") { Description = "Do not advertise Extended Message (RFC 8654)." };
        var logLevel = new Option<LogEventLevel>("--log-level") { Description = "Level of the runtime's log on stderr (Akka's log included).", DefaultValueFactory = _ => LogEventLevel.Warning };
        var logFile = CliLogging.FileOption();
        var cmd = new Command("speaker", "Run a BGP EVPN speaker over TCP (listen and connect), optionally a route reflector.")
        { listen, asn, routerId, accept, rr, clusterId, peers, localAddress, routes, api, apiTokenFile, json, hold, noExt, logLevel, logFile };
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
                var as_ = parse.GetValue(asn);
                if (as_ == 0) throw new FormatException("--asn 0 is reserved (RFC 7607); give 1 to 4294967295");
                int holdSeconds = parse.GetValue(hold);
                if (holdSeconds is not 0 and (< 3 or > 65535)) throw new FormatException($"--hold-time {holdSeconds}: give 0 or 3 to 65535 seconds (RFC 4271 §4.2)");
                options = new BgpSpeakerHostOptions
                {
                    Asn = as_,
                    RouterId = BgpHostAddress.ParseIpv4(parse.GetValue(routerId), "--router-id"),
                    Listen = parse.GetValue(listen) is { } l ? BgpHostAddress.ParseEndpoint(l, what: "--listen") : null,
                    LocalAddress = parse.GetValue(localAddress) is { } la ? BgpHostAddress.ParseIpv4(la, "--local-address") : null,
                    AcceptRanges = (parse.GetValue(accept) ?? []).Select(a => BgpHostAddress.ParseCidr(a, "--accept")).ToArray(),
                    RouteReflector = rrOn,
                    ClusterId = parse.GetValue(clusterId) is { } c ? BgpHostAddress.ParseIpv4(c, "--cluster-id") : null,
                    Peers = (parse.GetValue(peers) ?? []).Select(p => new BgpHostPeer(BgpHostAddress.ParseEndpoint(p, what: "--peer", allowAnyPort: false), RouteReflectorClient: rrOn)).ToArray(),
                    HoldTime = TimeSpan.FromSeconds(holdSeconds),
                    ExtendedMessage = !parse.GetValue(noExt),
                    JsonLog = parse.GetValue(json) ? output : null,
                };
                apiEndpoint = parse.GetValue(api) is { } a ? BgpHostAddress.ParseEndpoint(a, what: "--api") : null;
                if (options.Listen is null && options.Peers.Count == 0) throw new FormatException("give --listen ADDR:PORT and/or --peer ADDR:PORT");
                if (parse.GetValue(routes) is { } file) originate = Load(file);
            }
            catch (FormatException e)
            {
                error.WriteLine($"actorfabric bgp speaker: {e.Message}");
                return CliApp.ExitUsage;
            }

            // Akka.Logger.Serilog writes Akka's log to the same pipeline (see SpeakerActorSystem), at the same level.
            using var logger = CliLogging.Start(parse.GetValue(logLevel), parse.GetValue(logFile), "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}");

            using var host = new BgpSpeakerHost(options);
            BgpControlApi? control = null;
            string? tokenPath = null;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; stop.Cancel(); });
            try
            {
                string? token = null;
                if (apiEndpoint is not null)
                {
                    token = BgpApiToken.Generate();
                    control = new BgpControlApi(host, apiEndpoint, token, stop.Cancel);
                    try { control.Start(); }
                    catch (Exception e) when (e is IOException or SocketException or InvalidOperationException)
                    {
                        throw new PortException($"cannot serve the API on {apiEndpoint}: {(e.InnerException ?? e).Message}");
                    }
                    tokenPath = parse.GetValue(apiTokenFile)?.FullName ?? BgpApiToken.DefaultPath(apiEndpoint);
                    BgpApiToken.Write(tokenPath, token);
                }
                try { host.Start(); }
                catch (SocketException e) { throw new PortException($"cannot listen on {options.Listen}: {Describe(e)}"); }
                if (originate.Count > 0) await host.OriginateAsync(originate);
                if (options.JsonLog is null)
                    output.WriteLine($"bgp speaker AS {options.Asn} id {options.RouterId} listening on {host.ListenEndpoint?.ToString() ?? "-"}" +
                                     (apiEndpoint is null ? "" : $", api http://{apiEndpoint}/ (token in {tokenPath})"));
                try { await Task.Delay(Timeout.Infinite, stop.Token); }
                catch (OperationCanceledException) { }
                return 0;
            }
            catch (Exception e) when (e is PortException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"actorfabric bgp speaker: {e.Message}");
                return 1;
            }
            finally
            {
                control?.Dispose();
                if (tokenPath is not null) try { File.Delete(tokenPath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                Log.Logger = Serilog.Core.Logger.None;
            }
        });
        return cmd;
    }

    private static IReadOnlyList<EvpnRouteSpec> Load(FileInfo file)
    {
        try { return EvpnRoutesFile.Load(file.FullName); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new FormatException($"--routes {file.Name}: {e.Message}"); }
        catch (FormatException e) { throw new FormatException($"--routes {file.Name}: {e.Message}"); }
    }

    private static string Describe(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse => "the port is already in use (is another speaker running?)",
        SocketError.AddressNotAvailable => "that address is not on this machine",
        SocketError.AccessDenied => "permission denied (ports below 1024 need privileges)",
        _ => e.Message,
    };

    private sealed class PortException(string message) : Exception(message);
}
