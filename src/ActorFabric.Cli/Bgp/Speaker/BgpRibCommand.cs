using System.CommandLine;

namespace ActorFabric.Cli.Bgp.Speaker;

/// <summary><c>actorfabric bgp rib --api ADDR:PORT [--type N] [--rd RD]</c>: a running speaker's Loc-RIB as JSON.</summary>
public static class BgpRibCommand
{
    public static Command Create()
    {
        var (api, tokenFile) = BgpRoutesCommand.ApiOptions();
        var type = new Option<int?>("--type") { Description = "Only this EVPN route type (1-8)." };
        var rd = new Option<string?>("--rd") { Description = "Only this route distinguisher (e.g. 127.0.0.1:100)." };
        var peers = new Option<bool>("--peers") { Description = "List the peers instead of routes." };
        var cmd = new Command("rib", "Print a running speaker's Loc-RIB (all fields, incl. ORIGINATOR_ID/CLUSTER_LIST) as JSON.") { api, tokenFile, type, rd, peers };
        cmd.SetAction(async (parse, _) =>
        {
            if (parse.GetValue(type) is { } bad && bad is < 1 or > 255)
            {
                parse.InvocationConfiguration.Error.WriteLine($"actorfabric bgp rib: --type {bad} is not an EVPN route type (1 to 255)");
                return CliApp.ExitUsage;
            }
            var query = new List<string>();
            if (parse.GetValue(type) is { } t) query.Add($"type={t}");
            if (parse.GetValue(rd) is { } r) query.Add($"rd={Uri.EscapeDataString(r)}");
            var path = parse.GetValue(peers) ? "peers" : "rib" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
            return await BgpRoutesCommand.Call(parse, parse.GetValue(api)!, parse.GetValue(tokenFile), HttpMethod.Get, path, null, "rib");
        });
        return cmd;
    }
}
