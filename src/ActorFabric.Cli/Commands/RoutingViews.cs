using System.CommandLine;
using System.Text.Json.Nodes;
using ActorFabric.Cli.Control;
using ActorFabric.Cli.Output;
using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Commands;

/// <summary>
/// The L3 show views of issue 14: <c>show evpn ip-prefix-database [--l3-context VRF]</c>, <c>show evpn l3-context
/// [--device D]</c>, and the IP-VRF tables of <c>show route table VRF.inet.0</c>.
/// </summary>
internal static class RoutingViews
{
    public static void Add(Command evpn)
    {
        var l3Context = new Option<string>("--l3-context") { Description = "Only this L3 context (IP-VRF), e.g. tenant1." };
        evpn.Subcommands.Add(ShowCommand.DeviceView<EvpnIpPrefixDatabase>("ip-prefix-database",
            "Type-5 prefixes per L3 context: exported, and imported with RD, VNI, router MAC (Junos `show evpn ip-prefix-database`).",
            "evpn-ip-prefix-database", EvpnIpPrefixDatabaseText.Write, l3Context: l3Context));
        evpn.Subcommands.Add(L3Context());
    }

    /// <summary>An IP-VRF table's record (VRF.inet.0, VRF.inet6.0) or the EVPN table's, by the table's name.</summary>
    public static void WriteRouteTable(string table, JsonNode node, TextWriter output)
    {
        var json = node.ToJsonString();
        if (FabricRuntime.IsIpVrfTable(table, out _, out _)) IpVrfRouteTableText.Write(CliJson.Deserialize<IpVrfRouteTable>(json), output);
        else RouteTableText.Write(CliJson.Deserialize<RouteTable>(json), output);
    }

    /// <summary>One device's L3 contexts, or without <c>--device</c> those of every device that routes (a JSON array then).</summary>
    private static Command L3Context()
    {
        var command = new Command("l3-context", "IP-VRFs (L3 contexts): L3 VNI, router MAC, RD, RTs, routes, routing counters (Junos `show evpn l3-context`).");
        var device = new Option<string>("--device", "-d") { Description = "Device name (e.g. leaf1); all routing devices without it." };
        var api = ControlApiInvocation.ApiOption();
        var json = ControlApiInvocation.JsonOption();
        command.Options.Add(device);
        command.Options.Add(json);
        command.Options.Add(api);
        ControlApiInvocation.AddLocationOptions(command);
        command.SetAction((parse, ct) => ControlApiInvocation.RunAsync(parse, api, async (client, output) =>
        {
            List<string> devices;
            if (parse.GetValue(device) is { } one) devices = [one];
            else devices = CliJson.Deserialize<ControlStatus>(await client.GetTextAsync("/api/status", ct).ConfigureAwait(false)).Devices.ToList();
            var tables = new List<(string Text, EvpnL3ContextTable Table)>();
            foreach (var d in devices)
            {
                var text = await client.GetTextAsync($"/api/devices/{Uri.EscapeDataString(d)}/evpn-l3-context", ct).ConfigureAwait(false);
                var table = CliJson.Deserialize<EvpnL3ContextTable>(text);
                // Without --device, devices that route nothing (spines, route reflectors) are left out.
                if (devices.Count == 1 || table.Contexts.Count > 0) tables.Add((text, table));
            }
            if (parse.GetValue(json))
            {
                output.WriteLine(devices.Count == 1 && tables.Count == 1 ? tables[0].Text : "[" + string.Join(",", tables.Select(t => t.Text)) + "]");
                return 0;
            }
            for (int i = 0; i < tables.Count; i++)
            {
                if (devices.Count > 1)
                {
                    if (i > 0) output.WriteLine();
                    output.WriteLine($"{tables[i].Table.Device}:");
                }
                EvpnL3ContextText.Write(tables[i].Table, output);
            }
            if (tables.Count == 0) output.WriteLine("no device routes an IP-VRF");
            return 0;
        }));
        return command;
    }
}
