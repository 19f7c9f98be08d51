using System.Text.Json.Nodes;
using ActorFabric.Cli.Control;
using ActorFabric.Cli.Output;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cli.Scenarios;

/// <summary>
/// Runs a <see cref="Scenario"/> against a fabric on the virtual clock: advances emulated time to each step's
/// <c>at</c> (a step whose time has already passed, e.g. after <c>wait-converged</c>, runs at once), applies
/// actions, records observations, and builds one JSON document. Nothing in the document comes from the wall
/// clock, so the same scenario and seed give the same bytes; <c>digest</c> hashes every message delivery.
/// </summary>
public static class ScenarioRunner
{
    public static async Task<JsonObject> RunAsync(Scenario scenario, IFabricControl fabric, Action<ScenarioStep, JsonObject>? onStep = null, CancellationToken ct = default,
        IScenarioSampler? sampler = null)
    {
        var steps = new JsonArray();
        ConvergenceReport? lastConvergence = null;
        var captures = new List<string>();
        bool allOk = true;
        var timeline = new ScenarioTimeline(fabric);
        foreach (var step in scenario.Steps)
        {
            ct.ThrowIfCancellationRequested();
            if (step.At > fabric.Now) await AdvanceSampled(fabric, step.At, sampler).ConfigureAwait(false);
            var record = new JsonObject
            {
                ["at"] = Seconds(step.At),
                ["time"] = Seconds(fabric.Now),
                [step.Kind == StepKind.Action ? "action" : "observe"] = step.Text,
            };
            if (step.Label is not null) record["label"] = step.Label;
            try
            {
                TimeSpan? chaosAt = ScenarioTimeline.IsChaos(step.Verb.Name) ? await timeline.BeforeActionAsync().ConfigureAwait(false) : null;
                JsonNode? result;
                if (step.Verb.Name == "wait-converged")
                {
                    var timeout = step.Option("--timeout") is { } t && DurationSyntax.TryParse(t, out var d) ? d : scenario.Timeout;
                    lastConvergence = await fabric.WaitConvergedAsync(timeout, SamplingProgress(fabric, sampler), ct).ConfigureAwait(false);
                    result = Node(Convergence(lastConvergence.Converged, lastConvergence.EmulatedTime, lastConvergence.WaitedEmulated, lastConvergence.Progress, lastConvergence.MessagesProcessed));
                    if (!lastConvergence.Converged) allOk = false;
                }
                else if (step.Verb.Name == "capture")
                {
                    var info = await fabric.StartCaptureAsync(step.Arguments[0], Path.GetFullPath(step.Option("-o")!)).ConfigureAwait(false);
                    captures.Add(info.Id);
                    result = new JsonObject { ["id"] = info.Id, ["target"] = info.Target, ["file"] = step.Option("-o") };
                }
                else result = await Execute(step, fabric, lastConvergence).ConfigureAwait(false);
                record["result"] = result;
                if (chaosAt is { } at) timeline.Applied(step, at);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or TimeoutException)
            {
                // Recorded, not thrown: the document still says what happened at every other step.
                record["error"] = e.Message;
                allOk = false;
            }
            onStep?.Invoke(step, record);
            steps.Add(record);
        }
        sampler?.Sample(fabric);
        await timeline.CloseAsync().ConfigureAwait(false);
        foreach (var id in captures)
        {
            try { await fabric.StopCaptureAsync(id).ConfigureAwait(false); }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException) { }
        }
        return new JsonObject
        {
            ["scenario"] = scenario.Name,
            ["topology"] = scenario.Topology.Name,
            ["seed"] = scenario.Seed,
            ["clock"] = fabric.IsVirtualTime ? "virtual" : "real",
            ["ok"] = allOk,
            ["steps"] = steps,
            ["timeline"] = timeline.ToJson(),
            ["end_time"] = Seconds(fabric.Now),
            ["messages"] = fabric.MessagesProcessed,
            ["digest"] = fabric.TraceDigest,
        };
    }

    /// <summary>Advances to <paramref name="until"/>, in slices of the sampler's interval when there is one.</summary>
    private static async Task AdvanceSampled(IFabricControl fabric, TimeSpan until, IScenarioSampler? sampler)
    {
        if (sampler is null)
        {
            await fabric.AdvanceAsync(until - fabric.Now).ConfigureAwait(false);
            return;
        }
        while (fabric.Now < until)
        {
            sampler.Sample(fabric);
            var slice = until - fabric.Now;
            await fabric.AdvanceAsync(slice < sampler.Interval ? slice : sampler.Interval).ConfigureAwait(false);
        }
        sampler.Sample(fabric);
    }

    /// <summary>Samples on the convergence wait's own progress reports (every 100 ms of emulated time).</summary>
    private static IProgress<ConvergenceProgress>? SamplingProgress(IFabricControl fabric, IScenarioSampler? sampler) =>
        sampler is null ? null : new SynchronousProgress(_ => sampler.Sample(fabric));

    /// <summary>Unlike <see cref="Progress{T}"/>, reports on the caller's thread at once (the fabric stands still meanwhile).</summary>
    private sealed class SynchronousProgress(Action<ConvergenceProgress> report) : IProgress<ConvergenceProgress>
    {
        public void Report(ConvergenceProgress value) => report(value);
    }

    private static async Task<JsonNode?> Execute(ScenarioStep step, IFabricControl fabric, ConvergenceReport? lastConvergence)
    {
        var args = step.Arguments;
        switch (step.Verb.Name)
        {
            case "ping":
                int count = step.Option("--count") is { } c ? int.Parse(c, System.Globalization.CultureInfo.InvariantCulture) : 3;
                TimeSpan? timeout = step.Option("--timeout") is { } t && DurationSyntax.TryParse(t, out var d) ? d : null;
                // As the control API does: an IPv6 address as destination is an ICMPv6 ping without --ipv6.
                bool ipv6 = step.Option("--ipv6") is not null || PingDestination.IsIpv6Address(args[1]);
                return Node(await fabric.PingAsync(args[0], args[1], count, timeout, ipv6).ConfigureAwait(false));
            case var chaos when ScenarioTimeline.IsChaos(chaos):
                return Node(await fabric.ApplyChaosAsync(ChaosAction.Parse(step.Text), ChaosOrigin.Scenario).ConfigureAwait(false));
            case "bgp-summary":
                return Node(await fabric.BgpSummaryAsync(args[0]).ConfigureAwait(false));
            case "evpn-mac":
                uint? vni = step.Option("--vni") is { } v ? uint.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : null;
                return Node(await fabric.EvpnMacTableAsync(args[0], vni).ConfigureAwait(false));
            case "evpn-database":
                return Node(await fabric.EvpnDatabaseAsync(args[0]).ConfigureAwait(false));
            case "route-table":
                return Node(await RoutingViewsApi.RouteTable(fabric, args[0], args.Count > 1 ? args[1] : "bgp.evpn.0").ConfigureAwait(false));
            case "ip-prefix-database":
                return Node(await Routing(fabric).EvpnIpPrefixDatabaseAsync(args[0], args.Count > 1 ? args[1] : null).ConfigureAwait(false));
            case "l3-context":
                return Node(await Routing(fabric).EvpnL3ContextAsync(args[0]).ConfigureAwait(false));
            case "vxlan-tunnels":
                return Node(await fabric.VxlanTunnelsAsync(args[0]).ConfigureAwait(false));
            case "fdb":
                return Node(await fabric.FdbAsync(args[0]).ConfigureAwait(false));
            case "underlay-routes":
                return Node(await fabric.UnderlayRoutesAsync(args[0]).ConfigureAwait(false));
            case "ar-replicators":
                return Node(await fabric.AssistedReplicationAsync(args[0]).ConfigureAwait(false));
            case "igmp-snooping-proxy":
                return Node(await fabric.SnoopingProxyAsync(args[0]).ConfigureAwait(false));
            case "multicast-replication":
                return Node(await fabric.ReplicationAsync(args[0]).ConfigureAwait(false));
            case "evpn-oism":
                return Node(await fabric.OismAsync(args[0]).ConfigureAwait(false));
            case "mcast-join":
                return Node(await Multicast(fabric).JoinGroupAsync(args[0], args[1], MulticastStep.Version(step), MulticastStep.Sources(step)).ConfigureAwait(false));
            case "mcast-leave":
                return Node(await Multicast(fabric).LeaveGroupAsync(args[0], args[1]).ConfigureAwait(false));
            case "mcast-stream":
                var (rate, size, packets) = MulticastStep.Stream(step.Options);
                return Node(await Multicast(fabric).StartMulticastStreamAsync(args[0], args[1], rate, size, packets, MulticastStep.DefaultPort, MulticastStep.Ttl(step.Options, 1))
                    .ConfigureAwait(false));
            case "mcast-external":
                var (externalRate, externalSize, externalPackets) = MulticastStep.Stream(step.Options);
                return Node(await Multicast(fabric).SendExternalMulticastAsync(args[0], step.Option("--vrf"), args[1], externalRate, externalSize, externalPackets,
                    MulticastStep.Ttl(step.Options, 64), step.Option("--source")).ConfigureAwait(false));
            case "mcast-receivers":
                return Node(await Multicast(fabric).MulticastReceiversAsync(args[0]).ConfigureAwait(false));
            case "route-counts":
                return await RouteCounts(fabric, args.Count > 0 ? args[0] : null).ConfigureAwait(false);
            case "convergence":
                var p = fabric.Progress;
                return Node(Convergence(p.Converged, lastConvergence?.EmulatedTime, null, p, null));
            default:
                throw new InvalidOperationException($"no runner for '{step.Verb.Name}'");
        }
    }

    private static IRoutingViews Routing(IFabricControl fabric) =>
        RuntimeRoutingViews.Of(fabric) ?? throw new InvalidOperationException("this fabric has no L3 views");

    private static IMulticastControl Multicast(IFabricControl fabric) =>
        RuntimeMulticastControl.Of(fabric) ?? throw new InvalidOperationException("this fabric has no multicast operations");

    /// <summary>EVPN routes per type in each device's bgp.evpn.0 (every switch and route reflector, or one device).</summary>
    private static async Task<JsonNode> RouteCounts(IFabricControl fabric, string? device)
    {
        var result = new JsonObject();
        foreach (var node in fabric.Topology.Nodes)
        {
            if (device is not null && node.Name != device) continue;
            if (device is null && node.Role == NodeRole.Spine && !node.IsRouteReflector) continue;
            var table = await fabric.RouteTableAsync(node.Name, "bgp.evpn.0").ConfigureAwait(false);
            var byType = new SortedDictionary<int, int>();
            foreach (var r in table.Routes) byType[r.RouteType] = byType.GetValueOrDefault(r.RouteType) + 1;
            var counts = new JsonObject { ["total"] = table.Routes.Count };
            foreach (var (type, n) in byType) counts[$"type{type}"] = n;
            result[node.Name] = counts;
        }
        return result;
    }

    /// <summary>The deterministic part of a convergence report (the wall time is left out on purpose).</summary>
    private static ScenarioConvergence Convergence(bool converged, TimeSpan? at, TimeSpan? waited, ConvergenceProgress p, long? messages) =>
        new(converged, at, waited, ConvergenceProgressView.From(p), messages);

    private static JsonNode? Node<T>(T value) => System.Text.Json.JsonSerializer.SerializeToNode(value, CliJson.Options);

    internal static JsonNode Seconds(TimeSpan t) => JsonValue.Create((decimal)t.Ticks / TimeSpan.TicksPerSecond);
}
