using ActorFabric.Fabric.DataPlane;
using ActorFabric.Fabric.Hosts;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Tests.Topology;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Tests.Multicast;

/// <summary>
/// The bundled fabric shaped like the Junos AR document's figures (topologies/assisted-replication.yaml), started in
/// virtual time, with helpers that join receivers, send one stream and collect what every device and host saw of it.
/// </summary>
internal static class ArFabric
{
    public const string Group = "233.252.0.1";
    public const int Packets = 10;

    public static readonly string[] Vteps = ["rep1", "rep2", "leaf1", "leaf2", "leaf3", "leaf4", "nve1"];

    /// <summary>The bundled topology text, optionally edited (e.g. snooping off, regular mode).</summary>
    public static FabricTopology Load(Func<string, string>? edit = null)
    {
        var path = RepositoryFiles.Topology("assisted-replication.yaml");
        var yaml = File.ReadAllText(path);
        return TopologyLoader.Parse(edit is null ? yaml : edit(yaml), "assisted-replication.yaml");
    }

    /// <summary>Converged, then 8 s more: DF elections (3 s peering timer) and AR activation (3 s) are over.</summary>
    public static async Task<FabricRuntime> StartAsync(FabricTopology topology)
    {
        var runtime = FabricRuntime.Start(topology, new FabricRunOptions { Seed = 1, SerializeMessages = true });
        var report = await runtime.WaitConvergedAsync(TimeSpan.FromSeconds(60));
        Assert.True(report.Converged, $"not converged: {report.Progress}");
        await runtime.AdvanceAsync(TimeSpan.FromSeconds(8));
        return runtime;
    }

    /// <summary>What one stream did: per device the counters of its flow, per host what it received.</summary>
    public sealed record StreamOutcome(MulticastGroupReceivers Receivers, IReadOnlyDictionary<string, MulticastFlowCounters?> Flows, IReadOnlyDictionary<string, ReplicationAccounting> Reports)
    {
        public long Copies(string device) => Flows[device]?.FabricCopies ?? 0;
        public long Received(string device) => Flows[device]?.Received ?? 0;
        public long Local(string device) => Flows[device]?.LocalCopies ?? 0;
        public long Replicated(string device) => Flows[device]?.Replicated ?? 0;

        /// <summary>Packets each host received (0 for a host that got nothing).</summary>
        public long Got(string host) => Receivers[host]?.Packets ?? 0;

        public IEnumerable<string> HostsWithTraffic => Receivers.Receivers.Where(r => r.Packets > 0).Select(r => r.Host);
    }

    public static async Task<StreamOutcome> StreamAsync(FabricRuntime fabric, string source, IEnumerable<string> joiners, string group = Group)
    {
        foreach (var host in joiners) await fabric.JoinGroupAsync(host, group, version: 2);
        await fabric.AdvanceAsync(TimeSpan.FromSeconds(3));
        await fabric.StartMulticastStreamAsync(source, group, rate: 100, payloadSize: 200, count: Packets);
        var receivers = await fabric.MulticastReceiversAsync(group);
        var flows = new Dictionary<string, MulticastFlowCounters?>();
        var reports = new Dictionary<string, ReplicationAccounting>();
        foreach (var d in Vteps)
        {
            var report = await fabric.ReplicationAsync(d);
            reports[d] = report;
            flows[d] = report.Flows.SingleOrDefault(f => f.Group == group);
        }
        return new StreamOutcome(receivers, flows, reports);
    }
}
