namespace ActorFabric.Cli.Scenarios;

/// <summary>Whether a step changes the fabric (an action) or only records what it sees (an observation).</summary>
public enum StepKind
{
    Action,
    Observe,
}

/// <summary>What a positional argument names, so the reader can check it against the topology.</summary>
public enum ArgumentKind
{
    Device,
    Host,
    /// <summary>A ping destination: a host, a dotted IPv4 address (an anycast gateway, an address behind a border leaf) or an IPv6 address.</summary>
    HostOrAddress,
    LeafPort,
    /// <summary>One end of a link: a device, a host or an Ethernet segment (partition, heal).</summary>
    Endpoint,
    /// <summary>An IPv4 or IPv6 multicast group address.</summary>
    Group,
    Text,
}

/// <summary>
/// The grammar of one step verb: its positional arguments (required first, then optional) and the options
/// it accepts. Steps are written like CLI commands (<c>link-set leaf1 spine1 --latency 2ms</c>) so a scenario
/// reads the same as the <c>actorfabric chaos</c> commands it replays.
/// </summary>
public sealed record ScenarioVerb(string Name, StepKind Kind, ArgumentKind[] Required, ArgumentKind[] Optional, string[] Options, string Usage)
{
    /// <summary>Options that take no value (<c>ping --ipv6</c>): the reader records them as "true".</summary>
    public string[] Flags { get; init; } = [];

    /// <summary>Up to 31 more link ends after the first pair (16 links cut or healed in one step).</summary>
    private static readonly ArgumentKind[] LinkEnds = [.. Enumerable.Repeat(ArgumentKind.Endpoint, 30)];

    public static readonly ScenarioVerb[] All =
    [
        new("wait-converged", StepKind.Action, [], [], ["--timeout"], "wait-converged [--timeout T]"),
        new("ping", StepKind.Action, [ArgumentKind.Host, ArgumentKind.HostOrAddress], [], ["--count", "--timeout"], "ping HOST1 HOST2|IPV4|IPV6 [--ipv6] [--count N] [--timeout T]")
            { Flags = ["--ipv6"] },
        new("link-down", StepKind.Action, [ArgumentKind.Device, ArgumentKind.Device], [], [], "link-down A B"),
        new("link-up", StepKind.Action, [ArgumentKind.Device, ArgumentKind.Device], [], [], "link-up A B"),
        new("link-set", StepKind.Action, [ArgumentKind.Device, ArgumentKind.Device], [], ["--latency", "--loss"], "link-set A B [--latency T] [--loss P]"),
        new("device-stop", StepKind.Action, [ArgumentKind.Device], [], [], "device-stop DEVICE"),
        new("device-start", StepKind.Action, [ArgumentKind.Device], [], [], "device-start DEVICE"),
        new("vm-move", StepKind.Action, [ArgumentKind.Host, ArgumentKind.LeafPort], [], [], "vm-move HOST LEAF:PORT"),
        new("partition", StepKind.Action, [ArgumentKind.Endpoint, ArgumentKind.Endpoint], LinkEnds, [], "partition A B [C D ...]"),
        new("heal", StepKind.Action, [ArgumentKind.Endpoint, ArgumentKind.Endpoint], LinkEnds, [], "heal A B [C D ...]"),
        new("node-kill", StepKind.Action, [ArgumentKind.Text], [], [], "node-kill NODE (a fabric launched on a cluster only)"),
        new("capture", StepKind.Action, [ArgumentKind.Text], [], ["-o"], "capture TARGET -o FILE"),
        new("mcast-join", StepKind.Action, [ArgumentKind.Host, ArgumentKind.Group], [], ["--source", "--version"], "mcast-join HOST GROUP [--source S]... [--version N]"),
        new("mcast-leave", StepKind.Action, [ArgumentKind.Host, ArgumentKind.Group], [], [], "mcast-leave HOST GROUP"),
        new("mcast-stream", StepKind.Action, [ArgumentKind.Host, ArgumentKind.Group], [], ["--rate", "--size", "--count", "--ttl"], "mcast-stream HOST GROUP [--rate N] [--size B] [--count N] [--ttl N]"),
        new("mcast-external", StepKind.Action, [ArgumentKind.Device, ArgumentKind.Group], [], ["--vrf", "--source", "--rate", "--size", "--count", "--ttl"],
            "mcast-external PEG GROUP [--vrf V] [--source S] [--rate N] [--size B] [--count N] [--ttl N] (the external source behind an OISM PEG)"),
        new("bgp-summary", StepKind.Observe, [ArgumentKind.Device], [], [], "bgp-summary DEVICE"),
        new("evpn-mac", StepKind.Observe, [ArgumentKind.Device], [], ["--vni"], "evpn-mac DEVICE [--vni N]"),
        new("evpn-database", StepKind.Observe, [ArgumentKind.Device], [], [], "evpn-database DEVICE"),
        new("route-table", StepKind.Observe, [ArgumentKind.Device], [ArgumentKind.Text], [], "route-table DEVICE [bgp.evpn.0|VRF.inet.0|VRF.inet6.0]"),
        new("ip-prefix-database", StepKind.Observe, [ArgumentKind.Device], [ArgumentKind.Text], [], "ip-prefix-database DEVICE [VRF]"),
        new("l3-context", StepKind.Observe, [ArgumentKind.Device], [], [], "l3-context DEVICE"),
        new("route-counts", StepKind.Observe, [], [ArgumentKind.Device], [], "route-counts [DEVICE]"),
        new("vxlan-tunnels", StepKind.Observe, [ArgumentKind.Device], [], [], "vxlan-tunnels DEVICE"),
        new("fdb", StepKind.Observe, [ArgumentKind.Device], [], [], "fdb DEVICE"),
        new("underlay-routes", StepKind.Observe, [ArgumentKind.Device], [], [], "underlay-routes DEVICE"),
        new("convergence", StepKind.Observe, [], [], [], "convergence"),
        new("mcast-receivers", StepKind.Observe, [ArgumentKind.Group], [], [], "mcast-receivers GROUP"),
        new("ar-replicators", StepKind.Observe, [ArgumentKind.Device], [], [], "ar-replicators DEVICE"),
        new("igmp-snooping-proxy", StepKind.Observe, [ArgumentKind.Device], [], [], "igmp-snooping-proxy DEVICE"),
        new("multicast-replication", StepKind.Observe, [ArgumentKind.Device], [], [], "multicast-replication DEVICE"),
        new("evpn-oism", StepKind.Observe, [ArgumentKind.Device], [], [], "evpn-oism DEVICE (OISM tenants, SBD, routed flows: show evpn oism)"),
    ];

    public static ScenarioVerb? Find(string name, StepKind kind)
    {
        foreach (var v in All)
            if (v.Kind == kind && v.Name == name) return v;
        return null;
    }

    public static IEnumerable<string> Names(StepKind kind)
    {
        foreach (var v in All)
            if (v.Kind == kind) yield return v.Name;
    }
}
