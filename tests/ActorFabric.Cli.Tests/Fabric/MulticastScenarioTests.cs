using System.Text.Json;
using ActorFabric.Cli.Scenarios;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cli.Tests.Fabric;

/// <summary>The multicast scenario verbs: refused at read time when wrong, and the bundled Assisted Replication scenario end to end.</summary>
public class MulticastScenarioTests
{
    private static readonly string Root = RecordedFabric.RepositoryRoot();
    private static readonly string ArTopology = Path.Combine(Root, "topologies", "assisted-replication.yaml");

    public static TheoryData<string, string> BadSteps() => new()
    {
        { "action: mcast-join h1 10.1.1.1", "'10.1.1.1' is not an IP multicast group address" },
        { "action: mcast-join h1 239.1.1", "'239.1.1' is not an IP multicast group address" },
        { "action: mcast-leave h1 2001:db8::1", "'2001:db8::1' is not an IP multicast group address" },
        { "observe: mcast-receivers 192.168.100.1", "'192.168.100.1' is not an IP multicast group address" },
        { "action: mcast-join h1 239.1.1.1 --version 4", "IGMP version 4 is not supported for 239.1.1.1 (2 or 3)" },
        { "action: mcast-join h1 ff0e::1:3 --version 3", "MLD version 3 is not supported for ff0e::1:3 (1 or 2)" },
        { "action: mcast-join h1 239.1.1.1 --version 2 --source 10.0.0.9", "IGMPv2 cannot name sources" },
        { "action: mcast-join h1 239.1.1.1 --source ff0e::9", "source ff0e::9 is not a unicast address of the group's family" },
        { "action: mcast-join h1 239.1.1.1 --source nowhere", "--source 'nowhere' is not an IPv4 or IPv6 address" },
        { "action: mcast-join h1 239.1.1.1 --version two", "bad value 'two' for --version" },
        { "action: mcast-join hx 239.1.1.1", "unknown host 'hx'" },
        { "action: mcast-stream h1 239.1.1.1 --rate 0", "rate 0 is out of range" },
        { "action: mcast-stream h1 239.1.1.1 --count 2000000", "count 2000000 is out of range" },
        { "action: mcast-stream h1 239.1.1.1 --size 4", "size 4 is out of range" },
        { "action: mcast-stream h1 ff0e::1:3 --size 1472", "size 1472 is out of range for the IPv6 group ff0e::1:3" },
        { "action: mcast-stream h1 239.1.1.1 --ttl 0", "bad value '0' for --ttl (1..255)" },
        { "action: mcast-stream h1 239.1.1.1 --vrf x", "'mcast-stream' has no option '--vrf'" },
        { "action: mcast-external leafx 239.1.1.1", "unknown device 'leafx'" },
        { "action: mcast-external leaf1 ff0e::1:3", "'ff0e::1:3' is not an IPv4 group: OISM routes IPv4 multicast only" },
        { "action: mcast-external leaf1 239.1.1.1 --ttl 1", "--ttl must be at least 2" },
        { "action: mcast-external leaf1 239.1.1.1 --source 239.9.9.9", "--source '239.9.9.9' is not an IPv4 unicast address" },
        { "action: mcast-external leaf1 239.1.1.1 --rate 0", "rate 0 is out of range" },
        { "action: mcast-leave h1", "'mcast-leave' takes 2 arguments (usage: mcast-leave HOST GROUP)" },
        { "observe: ar-replicators leafx", "unknown device 'leafx'" },
        { "observe: igmp-snooping-proxy", "'igmp-snooping-proxy' takes 1 argument" },
        { "action: multicast-replication leaf1", "'multicast-replication' is an observation: use 'observe:'" },
    };

    [Theory]
    [MemberData(nameof(BadSteps))]
    public void A_bad_multicast_step_is_refused_at_its_line_and_column(string step, string message)
    {
        var yaml = $"steps:\n  - {{at: 0s, action: wait-converged}}\n  - {{at: 1s, {step}}}\n";
        Assert.False(ScenarioReader.TryParse(yaml, "s.yaml", RecordedFabric.QuickstartPath, null, out var scenario, out var errors));
        Assert.Null(scenario);
        var e = Assert.Single(errors);
        Assert.Equal(("s.yaml", 3), (e.File, e.Line));
        Assert.True(e.Column > 1, e.ToString());
        Assert.Contains(message, e.Message);
        NoStackTrace.In(e.ToString());
    }

    [Fact]
    public void Good_multicast_steps_are_read_with_their_arguments_and_options()
    {
        const string yaml = """
            steps:
              - {at: 1s, action: mcast-join h1 ff0e::1:3 --version 1}
              - {at: 1s, action: mcast-join h2 232.1.1.1 --source 192.168.100.13 --source 192.168.100.15}
              - {at: 2s, action: mcast-stream h5 232.1.1.1 --rate 10 --size 100 --count 5}
              - {at: 3s, observe: mcast-receivers 232.1.1.1}
              - {at: 3s, action: mcast-leave h1 ff0e::1:3}
            """;
        Assert.True(ScenarioReader.TryParse(yaml, "s.yaml", RecordedFabric.QuickstartPath, null, out var scenario, out var errors), string.Join("\n", errors));
        var steps = scenario!.Steps;
        Assert.Equal(1, MulticastStep.Version(steps[0]));
        Assert.Equal(["192.168.100.13", "192.168.100.15"], MulticastStep.Sources(steps[1]));
        Assert.Equal((10, 100, 5), MulticastStep.Stream(steps[2].Options));
        Assert.Equal((MulticastStep.DefaultRate, MulticastStep.DefaultSize, MulticastStep.DefaultCount), MulticastStep.Stream(steps[4].Options));
        Assert.Equal(["232.1.1.1"], steps[3].Arguments);
    }

    [Fact]
    public async Task A_fabric_without_multicast_operations_records_an_error_for_a_multicast_step()
    {
        Assert.True(ScenarioReader.TryParse("steps:\n  - {at: 1s, observe: mcast-receivers 239.1.1.1}\n", "s.yaml", RecordedFabric.QuickstartPath, null,
            out var scenario, out _));
        var doc = await ScenarioRunner.RunAsync(scenario!, new RecordedFabric());
        Assert.False(doc["ok"]!.GetValue<bool>());
        Assert.Contains("no multicast operations", doc["steps"]![0]!["error"]!.GetValue<string>());
    }

    [Fact]
    public void The_bundled_assisted_replication_scenario_delivers_each_datagram_exactly_once_to_every_receiver()
    {
        var Result = RunBundled("assisted-replication.yaml");

        var stream = Result("mcast-stream leaf4-h 233.252.0.1 --rate 100 --count 50");
        Assert.Equal(50, stream.GetProperty("sent").GetInt64());
        var receivers = Result("mcast-receivers 233.252.0.1").GetProperty("receivers").EnumerateArray()
            .ToDictionary(r => r.GetProperty("host").GetString()!, r => r);
        Assert.Equal(["leaf1-h", "mh-rx", "nve1-h", "rep2-rx"], receivers.Keys.Order());
        foreach (var (host, r) in receivers)
            Assert.True((r.GetProperty("packets").GetInt64(), r.GetProperty("duplicates").GetInt64(), r.GetProperty("unsolicited").GetInt64()) == (50, 0, 0),
                $"{host}: {r}");

        // leaf4 is an AR leaf: one copy of each datagram into the fabric (to its replicator), which makes the others.
        var leaf4 = Result("multicast-replication leaf4");
        var flow = leaf4.GetProperty("flows").EnumerateArray().Single(f => f.GetProperty("group").GetString() == "233.252.0.1");
        Assert.Equal((50L, 50L), (flow.GetProperty("originated").GetInt64(), flow.GetProperty("fabric_copies").GetInt64()));
        var rep1 = Result("multicast-replication rep1");
        Assert.Equal(50, rep1.GetProperty("assisted_received").GetInt64());
        var chosen = Result("ar-replicators leaf4").GetProperty("instances")[0].GetProperty("chosen_replicator").GetString();
        Assert.Equal("192.168.104.1", chosen);
    }

    [Fact]
    public void The_bundled_oism_scenario_routes_a_host_stream_and_an_external_stream_to_every_receiver_once_whatever_its_vlan()
    {
        var Result = RunBundled("oism.yaml");
        Dictionary<string, (long Packets, long Duplicates, long Unsolicited, int Ttl)> Receivers(string group, uint stream) =>
            Result("mcast-receivers " + group).GetProperty("receivers").EnumerateArray()
                .Where(r => r.GetProperty("streams").EnumerateArray().Any(s => s.GetProperty("stream_id").GetUInt32() == stream))
                .ToDictionary(r => r.GetProperty("host").GetString()!, r =>
                {
                    var s = r.GetProperty("streams").EnumerateArray().Single(s => s.GetProperty("stream_id").GetUInt32() == stream);
                    return (s.GetProperty("packets").GetInt64(), s.GetProperty("duplicates").GetInt64(), s.GetProperty("unsolicited").GetInt64(),
                        s.GetProperty("last_ttl").GetInt32());
                });

        // src1 on VLAN 100 at leaf1: bridged to rx2a (same VLAN, TTL 8), routed once into VLAN 200 at each leaf and
        // to the receivers behind the PEG (TTL 7).
        var host = Result("mcast-stream src1 239.1.1.1 --rate 100 --count 50 --ttl 8");
        Assert.Equal(50, host.GetProperty("sent").GetInt32());
        var first = Receivers("239.1.1.1", host.GetProperty("stream_id").GetUInt32());
        Assert.Equal(new Dictionary<string, (long, long, long, int)>
        {
            ["border1:external"] = (50, 0, 0, 7), ["rx1a"] = (50, 0, 0, 7), ["rx2a"] = (50, 0, 0, 8), ["rx2b"] = (50, 0, 0, 7), ["rx3b"] = (50, 0, 0, 7),
        }, first);

        // The external source: routed by border1 into the SBD (TTL 15), then by each leaf (TTL 14); rx2b left.
        var external = Result("mcast-external border1 239.2.2.2 --rate 50 --count 50 --ttl 16");
        Assert.Equal(("198.51.100.10", 50), (external.GetProperty("source").GetString(), external.GetProperty("sent").GetInt32()));
        var second = Receivers("239.2.2.2", external.GetProperty("stream_id").GetUInt32());
        Assert.Equal(new Dictionary<string, (long, long, long, int)>
        {
            ["rx1a"] = (50, 0, 0, 14), ["rx2a"] = (50, 0, 0, 14), ["rx3b"] = (50, 0, 0, 14),
        }, second);

        var leaf1 = Result("evpn-oism leaf1").GetProperty("tenants")[0].GetProperty("flows")[0];
        Assert.Equal(10100u, leaf1.GetProperty("source_vni").GetUInt32());
    }

    /// <summary>Runs a bundled scenario with --json, checks it succeeded with no step error, and answers a step's result by its text.</summary>
    private static Func<string, JsonElement> RunBundled(string file)
    {
        var (code, output, error) = CliRun.Run("run", "--scenario", Path.Combine(Root, "scenarios", file), "--json");
        Assert.True(code == 0, output + error);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.True(root.GetProperty("ok").GetBoolean());
        var steps = root.GetProperty("steps").EnumerateArray().ToList();
        Assert.DoesNotContain(steps, s => s.TryGetProperty("error", out _));
        return text => steps.First(s => (s.TryGetProperty("observe", out var o) ? o : s.GetProperty("action")).GetString() == text).GetProperty("result");
    }

    [Fact]
    public async Task Metrics_carry_bum_fabric_bytes_per_vtep_and_replicator_changes_only_with_assisted_replication()
    {
        await using (var ar = FabricRuntime.Start(TopologyLoader.Load(ArTopology), new FabricRunOptions { Seed = 1 }))
        {
            Assert.True((await ar.WaitConvergedAsync(TimeSpan.FromSeconds(60))).Converged);
            await ar.AdvanceAsync(TimeSpan.FromSeconds(5)); // past the replicators' activation time (RFC 9574 §5.2)
            var text = ar.Metrics.Scrape();
            Assert.Contains("# TYPE actorfabric_bum_fabric_bytes_total counter", text);
            Assert.Contains("actorfabric_bum_fabric_bytes_total{device=\"leaf4\"}", text);
            Assert.DoesNotContain("actorfabric_bum_fabric_bytes_total{device=\"spine1\"}", text);
            Assert.Contains("# TYPE actorfabric_ar_replicator_changes_total counter", text);
            // leaf4 went from ingress replication to Extended AR on both of its VNIs.
            Assert.Contains("actorfabric_ar_replicator_changes_total{device=\"leaf4\"} 2", text);
            Assert.Contains("actorfabric_bum_copies_sent_total{device=\"leaf4\"}", text); // the existing families stay
        }
        await using var quickstart = FabricRuntime.Start(TopologyLoader.Load(RecordedFabric.QuickstartPath), new FabricRunOptions { Seed = 1 });
        var plain = quickstart.Metrics.Scrape();
        Assert.Contains("actorfabric_bum_fabric_bytes_total{device=\"leaf1\"}", plain);
        Assert.DoesNotContain("actorfabric_ar_replicator_changes_total", plain);
    }
}
