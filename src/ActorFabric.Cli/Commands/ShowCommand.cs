using System.CommandLine;
using System.Text.Json.Nodes;
using ActorFabric.Cli.Control;
using ActorFabric.Cli.Output;
using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Commands;

/// <summary>
/// <c>actorfabric show …</c>: read-only views of one device of the running fabric, shaped after Junos and FRR
/// (<c>bgp summary</c>, <c>evpn mac</c>, <c>evpn database</c>, <c>route table bgp.evpn.0</c>, <c>vxlan tunnels</c>,
/// <c>fdb</c>, <c>underlay routes</c>, the multicast views of <c>evpn multicast-snooping assisted-replication replicators</c>,
/// <c>evpn igmp-snooping proxy</c> and <c>evpn multicast-replication</c>) plus <c>status</c>; <c>--json</c> prints the records.
/// </summary>
public static class ShowCommand
{
    public static Command Create()
    {
        var show = new Command("show", "Show the state of a device of the running fabric (like Junos/FRR show commands).");

        var bgp = new Command("bgp", "BGP views.");
        bgp.Subcommands.Add(DeviceView<BgpSummary>("summary", "BGP sessions of a device (Junos `show bgp summary`).", "bgp-summary", BgpSummaryText.Write));
        show.Subcommands.Add(bgp);

        var evpn = new Command("evpn", "EVPN views.");
        var vni = new Option<uint?>("--vni") { Description = "Only this VNI (FRR `show evpn mac vni N`)." };
        evpn.Subcommands.Add(DeviceView<EvpnMacTable>("mac", "MACs a leaf knows per VNI (FRR `show evpn mac vni N|all`).", "evpn-mac", EvpnMacText.Write, vni));
        evpn.Subcommands.Add(DeviceView<EvpnDatabase>("database", "EVPN database: MAC, active source, IPs (Junos `show evpn database`).", "evpn-database", EvpnDatabaseText.Write));
        var esi = new Option<string>("--esi") { Description = "Only this Ethernet segment (ten hex octets, e.g. 00:11:22:33:44:55:66:77:88:99)." };
        evpn.Subcommands.Add(DeviceView<EthernetSegmentTable>("ethernet-segment", "Ethernet segments of a leaf: members, mode, DF per VNI (Junos `show evpn instance esi-info`).",
            "evpn-ethernet-segment", EthernetSegmentText.Write, esi: esi));
        AddMulticastViews(evpn);
        RoutingViews.Add(evpn);
        evpn.Subcommands.Add(DeviceView<OismTable>("oism", "OISM per tenant: SBD, role, OISM PEs, SBD-SMET routes, routed (S,G) (RFC 9625).", "evpn-oism", OismText.Write));
        show.Subcommands.Add(evpn);

        var route = new Command("route", "Routing table views.");
        var table = new Argument<string>("TABLE") { Description = "Table name: bgp.evpn.0, or an IP-VRF's VRF.inet.0 / VRF.inet6.0.", DefaultValueFactory = _ => "bgp.evpn.0" };
        route.Subcommands.Add(DeviceView<JsonNode>("table",
            "EVPN routes in a device's Loc-RIB (Junos `show route table bgp.evpn.0`), or an IP-VRF's routes (`show route table VRF.inet.0`).", "route-table",
            (parse, node, output) => RoutingViews.WriteRouteTable(parse.GetValue(table)!, node, output), table: table));
        show.Subcommands.Add(route);

        var vxlan = new Command("vxlan", "VXLAN views.");
        vxlan.Subcommands.Add(DeviceView<VxlanTunnelTable>("tunnels", "Remote VTEPs and their VNIs (Junos `show ethernet-switching vxlan-tunnel-end-point remote`).", "vxlan-tunnels", VxlanTunnelsText.Write));
        show.Subcommands.Add(vxlan);

        show.Subcommands.Add(DeviceView<FdbTable>("fdb", "A leaf's forwarding database (Junos `show ethernet-switching table`).", "fdb", FdbText.Write));

        var underlay = new Command("underlay", "Underlay views.");
        underlay.Subcommands.Add(DeviceView<UnderlayRouteList>("routes", "The link-state underlay routes of a device, with ECMP next hops.", "underlay-routes", UnderlayRoutesText.Write));
        show.Subcommands.Add(underlay);

        show.Subcommands.Add(Status());
        return show;
    }

    /// <summary>The views of issue 12: Assisted Replication (RFC 9574), the snooping proxy (RFC 9251) and what was replicated.</summary>
    private static void AddMulticastViews(Command evpn)
    {
        var snooping = new Command("multicast-snooping", "Multicast snooping views.");
        var ar = new Command("assisted-replication", "Assisted Replication (RFC 9574) views.");
        ar.Subcommands.Add(DeviceView<AssistedReplicationTable>("replicators",
            "AR role, operational mode and replicators per VNI (Junos `show evpn multicast-snooping assisted-replication replicators`).",
            "evpn-ar-replicators", AssistedReplicationText.Write));
        snooping.Subcommands.Add(ar);
        evpn.Subcommands.Add(snooping);

        var igmp = new Command("igmp-snooping", "IGMP/MLD snooping views.");
        var deterministic = new Option<bool>("--deterministic-ar") { Description = "Add the deterministic AR policy of each (S,G): Mode/Preferred replicator/Fallback, N/A without one." };
        var detail = new Option<bool>("--detail") { Description = "List the local ports and the remote VTEPs instead of counting them." };
        var proxy = DeviceView<SnoopingProxyTable>("proxy", "(S,G) the device proxies per VNI: local listeners, remote SMET routes (Junos `show evpn igmp-snooping proxy`).",
            "evpn-igmp-snooping-proxy", (parse, t, o) => SnoopingProxyText.Write(t, o, parse.GetValue(deterministic), parse.GetValue(detail)));
        proxy.Options.Add(deterministic);
        proxy.Options.Add(detail);
        igmp.Subcommands.Add(proxy);
        evpn.Subcommands.Add(igmp);

        evpn.Subcommands.Add(DeviceView<ReplicationAccounting>("multicast-replication",
            "BUM copies and bytes, assisted replication, per port and per multicast flow (VNI, S, G) counters of a device.", "evpn-replication", ReplicationAccountingText.Write));
    }

    internal static Command DeviceView<T>(string name, string description, string route, Action<T, TextWriter> render, Option<uint?>? vni = null, Argument<string>? table = null,
        Option<string>? esi = null, Option<string>? l3Context = null) =>
        DeviceView<T>(name, description, route, (_, t, o) => render(t, o), vni, table, esi, l3Context);

    private static Command DeviceView<T>(string name, string description, string route, Action<ParseResult, T, TextWriter> render, Option<uint?>? vni = null,
        Argument<string>? table = null, Option<string>? esi = null, Option<string>? l3Context = null)
    {
        var command = new Command(name, description);
        var device = new Option<string>("--device", "-d") { Description = "Device name (e.g. leaf1).", Required = true };
        var api = ControlApiInvocation.ApiOption();
        var json = ControlApiInvocation.JsonOption();
        command.Options.Add(device);
        if (vni is not null) command.Options.Add(vni);
        if (esi is not null) command.Options.Add(esi);
        if (l3Context is not null) command.Options.Add(l3Context);
        if (table is not null) command.Arguments.Add(table);
        command.Options.Add(json);
        command.Options.Add(api);
        ControlApiInvocation.AddLocationOptions(command);
        command.SetAction((parse, ct) => ControlApiInvocation.RunAsync(parse, api, async (client, output) =>
        {
            var path = $"/api/devices/{Uri.EscapeDataString(parse.GetValue(device)!)}/{route}";
            if (vni is not null && parse.GetValue(vni) is { } v)
            {
                if (v is 0 or > 0xFF_FFFF) throw new ControlApiException($"--vni {v} is out of range (1..16777215)", CliApp.ExitUsage);
                path += $"?vni={v}";
            }
            if (table is not null) path += $"?table={Uri.EscapeDataString(parse.GetValue(table)!)}";
            if (esi is not null && parse.GetValue(esi) is { } e) path += $"?esi={Uri.EscapeDataString(e)}";
            if (l3Context is not null && parse.GetValue(l3Context) is { } vrf) path += $"?l3-context={Uri.EscapeDataString(vrf)}";
            var text = await client.GetTextAsync(path, ct).ConfigureAwait(false);
            if (parse.GetValue(json)) output.WriteLine(text);
            else render(parse, CliJson.Deserialize<T>(text), output);
            return 0;
        }));
        return command;
    }

    private static Command Status()
    {
        var command = new Command("status", "The running fabric: topology, clock, emulated time, convergence.");
        var api = ControlApiInvocation.ApiOption();
        var json = ControlApiInvocation.JsonOption();
        command.Options.Add(json);
        command.Options.Add(api);
        ControlApiInvocation.AddLocationOptions(command);
        command.SetAction((parse, ct) => ControlApiInvocation.RunAsync(parse, api, async (client, output) =>
        {
            var text = await client.GetTextAsync("/api/status", ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                output.WriteLine(text);
                return 0;
            }
            var s = CliJson.Deserialize<ControlStatus>(text);
            var p = s.Progress;
            output.WriteLine($"topology     {s.Topology} ({s.Devices.Count} devices, {s.Hosts.Count} hosts) at {client.BaseAddress}");
            output.WriteLine($"clock        {s.Clock}, emulated time {DurationText.Clock(s.Now)}");
            output.WriteLine($"converged    {(s.Converged ? "yes" : "no")}");
            output.WriteLine($"sessions     {p.SessionsEstablished}/{p.SessionsExpected} established");
            output.WriteLine($"routes       {p.RoutesPresent}/{p.RoutesExpected} present");
            output.WriteLine($"flood lists  {p.FloodListsComplete}/{p.FloodListsExpected} complete");
            output.WriteLine($"messages     {s.MessagesProcessed} processed");
            return 0;
        }));
        return command;
    }
}
