using System.CommandLine;
using System.Globalization;
using ActorFabric.Cli.Control;
using ActorFabric.Cli.Output;
using ActorFabric.Fabric.Hosts;
using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Commands;

/// <summary>
/// <c>actorfabric mcast join|leave|stream|receivers</c>: hosts of the running fabric join and leave groups with real
/// IGMP/MLD messages, send multicast UDP streams, and report what every host received (duplicates, unsolicited copies).
/// </summary>
public static class McastCommand
{
    public static Command Create()
    {
        var command = new Command("mcast", "Multicast from the hosts: join or leave a group (IGMP/MLD), send a stream, count what the hosts received.");
        command.Subcommands.Add(Join());
        command.Subcommands.Add(Leave());
        command.Subcommands.Add(Stream());
        command.Subcommands.Add(Receivers());
        return command;
    }

    private static Command Join()
    {
        var command = new Command("join", "HOST joins GROUP: IGMPv3 (or --version 2) for an IPv4 group, MLDv2 (or --version 1) for an IPv6 group; the report is sent twice, 1 s apart.");
        var host = new Argument<string>("HOST") { Description = "Host that joins." };
        var group = new Argument<string>("GROUP") { Description = "Group address, e.g. 239.1.1.1 or ff0e::1:3." };
        var source = new Option<string[]>("--source", "-s") { Description = "Only this source (repeatable; IGMPv3/MLDv2 source-specific join).", AllowMultipleArgumentsPerToken = false };
        var version = new Option<int?>("--version") { Description = "IGMP version 2 or 3 (IPv4 groups, default 3); MLD version 1 or 2 (IPv6 groups, default 2)." };
        var (api, json) = Common(command);
        command.Arguments.Add(host);
        command.Arguments.Add(group);
        command.Options.Add(source);
        command.Options.Add(version);
        command.SetAction((parse, ct) => ControlApiInvocation.RunAsync(parse, api, async (client, output) =>
        {
            var sources = parse.GetValue(source) ?? [];
            var request = new MulticastJoinRequest(parse.GetValue(host)!, parse.GetValue(group)!, parse.GetValue(version), sources.Length == 0 ? null : sources);
            return await PostChange(client, output, parse.GetValue(json), "/api/mcast/join", request, change =>
                $"{change.Host} joined {change.Group} ({Protocol(change.Protocol)}"
                + (change.Sources.Count > 0 ? ", sources " + string.Join(", ", change.Sources) : ", any source") + ")" + At(change.At), ct).ConfigureAwait(false);
        }));
        return command;
    }

    private static Command Leave()
    {
        var command = new Command("leave", "HOST leaves GROUP (IGMPv2 Leave, IGMPv3/MLDv2 change to INCLUDE{}, or MLDv1 Done).");
        var host = new Argument<string>("HOST") { Description = "Host that leaves." };
        var group = new Argument<string>("GROUP") { Description = "Group address." };
        var (api, json) = Common(command);
        command.Arguments.Add(host);
        command.Arguments.Add(group);
        command.SetAction((parse, ct) => ControlApiInvocation.RunAsync(parse, api, async (client, output) =>
        {
            return await PostChange(client, output, parse.GetValue(json), "/api/mcast/leave", new MulticastLeaveRequest(parse.GetValue(host)!, parse.GetValue(group)!),
                change => change.Changed ? $"{change.Host} left {change.Group}{At(change.At)}" : $"{change.Host} was not a member of {change.Group}: nothing sent", ct)
                .ConfigureAwait(false);
        }));
        return command;
    }

    private static Command Stream()
    {
        var command = new Command("stream",
            "HOST sends COUNT UDP datagrams to GROUP at RATE per second (emulated), then the receivers of the stream are listed. "
            + "With --external PEG (and GROUP alone), the emulated external source behind that OISM PIM/EVPN gateway sends instead (RFC 9625 §2.3).");
        var host = new Argument<string>("HOST") { Description = "Sending host (with --external: the group)." };
        var group = new Argument<string?>("GROUP") { Description = "Group address.", Arity = ArgumentArity.ZeroOrOne };
        var rate = new Option<int>("--rate") { Description = "Datagrams per second.", DefaultValueFactory = _ => 100 };
        var size = new Option<int>("--size") { Description = "UDP payload octets (at least 8: stream id and sequence number).", DefaultValueFactory = _ => 64 };
        var count = new Option<int>("--count", "-c") { Description = "Datagrams to send.", DefaultValueFactory = _ => 100 };
        var port = new Option<ushort>("--port") { Description = "UDP destination port.", DefaultValueFactory = _ => 5001 };
        var ttl = new Option<byte?>("--ttl") { Description = "IPv4 TTL / IPv6 hop limit (default 1, a socket's multicast default; 64 with --external)." };
        var external = new Option<string?>("--external") { Description = "OISM PEG whose emulated external source sends (the ip-vrf's oism.external-source)." };
        var vrf = new Option<string?>("--vrf") { Description = "With --external: the ip-vrf (needed only when the PEG serves several)." };
        var source = new Option<string?>("--source", "-s") { Description = "With --external: the source address (default: the ip-vrf's oism.external-source)." };
        var (api, json) = Common(command);
        command.Arguments.Add(host);
        command.Arguments.Add(group);
        foreach (var option in new Option[] { rate, size, count, port, ttl, external, vrf, source }) command.Options.Add(option);
        command.SetAction((parse, ct) => ControlApiInvocation.RunAsync(parse, api, async (client, output) =>
        {
            if (MulticastControlApi.CheckStream(parse.GetValue(rate), parse.GetValue(size), parse.GetValue(count)) is { } problem)
                throw new ControlApiException(problem, CliApp.ExitUsage);
            if (parse.GetValue(ttl) == 0) throw new ControlApiException("--ttl must be at least 1", CliApp.ExitUsage);
            if (parse.GetValue(external) is { } peg)
                return await External(client, output, parse.GetValue(json), parse.GetValue(group) is null
                    ? new MulticastExternalStreamRequest(peg, parse.GetValue(host)!, parse.GetValue(vrf), parse.GetValue(source), parse.GetValue(rate), parse.GetValue(size),
                        parse.GetValue(count), parse.GetValue(ttl) ?? 64)
                    : throw new ControlApiException("with --external give the GROUP only: the PEG's external source sends, not a host", CliApp.ExitUsage), ct).ConfigureAwait(false);
            if (parse.GetValue(group) is not { } g) throw new ControlApiException("GROUP is missing: mcast stream HOST GROUP (or --external PEG GROUP)", CliApp.ExitUsage);
            if (parse.GetValue(vrf) is not null || parse.GetValue(source) is not null)
                throw new ControlApiException("--vrf and --source go with --external (a host sends from its own address)", CliApp.ExitUsage);
            var request = new MulticastStreamRequest(parse.GetValue(host)!, g, parse.GetValue(rate), parse.GetValue(size), parse.GetValue(count),
                parse.GetValue(port), parse.GetValue(ttl) ?? 1);
            var body = await client.SendAsync(HttpMethod.Post, "/api/mcast/stream", request, ct).ConfigureAwait(false);
            var stream = CliJson.Deserialize<MulticastStreamResult>(body);
            return await ListStreamReceivers(client, output, parse.GetValue(json), body, stream.Group, stream.Source, stream.StreamId, string.Create(CultureInfo.InvariantCulture,
                $"{stream.Host} sent {stream.Sent} datagrams of {stream.PayloadSize} octets to {stream.Group} from {stream.Source} (stream {stream.StreamId}, {stream.Rate}/s, {(stream.FinishedAt - stream.StartedAt).TotalSeconds:0.###} s emulated)"),
                ct).ConfigureAwait(false);
        }));
        return command;
    }

    /// <summary><c>mcast stream --external PEG GROUP</c>: the external source behind the PEG sends, then the stream's receivers.</summary>
    private static async Task<int> External(ControlApiClient client, TextWriter output, bool json, MulticastExternalStreamRequest request, CancellationToken ct)
    {
        var body = await client.SendAsync(HttpMethod.Post, "/api/mcast/external", request, ct).ConfigureAwait(false);
        var stream = CliJson.Deserialize<OismExternalStreamResult>(body);
        return await ListStreamReceivers(client, output, json, body, stream.Group, stream.Source, stream.StreamId, string.Create(CultureInfo.InvariantCulture,
            $"the external source {stream.Source} behind {stream.Gateway} ({stream.Vrf}) sent {stream.Sent} datagrams of {stream.PayloadSize} octets to {stream.Group} (stream {stream.StreamId}, {stream.Rate}/s, {(stream.FinishedAt - stream.StartedAt).TotalSeconds:0.###} s emulated)"),
            ct).ConfigureAwait(false);
    }

    /// <summary>Prints what was sent and the receivers of that stream; exit 1 when a receiver got duplicates.</summary>
    private static async Task<int> ListStreamReceivers(ControlApiClient client, TextWriter output, bool json, string body, string group, string source, uint streamId,
        string sentLine, CancellationToken ct)
    {
        var receiversBody = await client.SendAsync(HttpMethod.Get, "/api/mcast/receivers?group=" + Uri.EscapeDataString(group), null, ct).ConfigureAwait(false);
        var receivers = CliJson.Deserialize<MulticastGroupReceivers>(receiversBody);
        if (json) output.WriteLine($"{{\"stream\":{body},\"receivers\":{receiversBody}}}");
        else
        {
            output.WriteLine(sentLine);
            WriteReceivers(receivers, output, r => r.Source == source && r.StreamId == streamId);
        }
        return receivers.Receivers.Any(r => r.Streams.Any(s => s.Source == source && s.StreamId == streamId && s.Duplicates > 0)) ? 1 : 0;
    }

    private static Command Receivers()
    {
        var command = new Command("receivers", "Every host that is a member of GROUP or received its traffic: packets, duplicates, unsolicited copies per stream.");
        var group = new Argument<string>("GROUP") { Description = "Group address." };
        var (api, json) = Common(command);
        command.Arguments.Add(group);
        command.SetAction((parse, ct) => ControlApiInvocation.RunAsync(parse, api, async (client, output) =>
        {
            var body = await client.SendAsync(HttpMethod.Get, "/api/mcast/receivers?group=" + Uri.EscapeDataString(parse.GetValue(group)!), null, ct).ConfigureAwait(false);
            if (parse.GetValue(json)) output.WriteLine(body);
            else WriteReceivers(CliJson.Deserialize<MulticastGroupReceivers>(body), output, _ => true);
            return 0;
        }));
        return command;
    }

    /// <summary>Posts a join or leave and prints the answer: the JSON as served, or one line.</summary>
    private static async Task<int> PostChange(ControlApiClient client, TextWriter output, bool json, string path, object request,
        Func<MulticastMembershipChange, string> text, CancellationToken ct)
    {
        var body = await client.SendAsync(HttpMethod.Post, path, request, ct).ConfigureAwait(false);
        output.WriteLine(json ? body : text(CliJson.Deserialize<MulticastMembershipChange>(body)));
        return 0;
    }

    private static void WriteReceivers(MulticastGroupReceivers receivers, TextWriter output, Func<MulticastStreamReception, bool> wanted)
    {
        var table = new TextColumns("HOST", "MEMBER", "SOURCE", ">STREAM", ">PACKETS", ">BYTES", ">DUPLICATES", ">UNSOLICITED", ">TTL");
        foreach (var r in receivers.Receivers)
        {
            bool any = false;
            foreach (var s in r.Streams.Where(wanted))
            {
                table.Add(r.Host, r.Joined ? Protocol(r.Protocol) : "no", s.Source, s.StreamId, s.Packets, s.Bytes, s.Duplicates, s.Unsolicited, s.LastTtl);
                any = true;
            }
            if (!any && r.Joined) table.Add(r.Host, Protocol(r.Protocol), "-", "-", 0, 0, 0, 0, "-");
        }
        if (table.Count == 0) output.WriteLine($"no host is a member of {receivers.Group} or received its traffic");
        else table.WriteTo(output);
    }

    // The receivers behind an OISM PEG join with PIM beyond it (RFC 9625 §5.1), not IGMP/MLD: no protocol reported.
    private static string Protocol(MulticastProtocol? protocol) => protocol?.ToString().ToLowerInvariant() ?? "pim";

    private static string At(TimeSpan at) => string.Create(CultureInfo.InvariantCulture, $" at {at.TotalSeconds:0.######} s");

    private static (Option<string?> Api, Option<bool> Json) Common(Command command)
    {
        var api = ControlApiInvocation.ApiOption();
        var json = ControlApiInvocation.JsonOption();
        command.Options.Add(json);
        command.Options.Add(api);
        ControlApiInvocation.AddLocationOptions(command);
        return (api, json);
    }
}
