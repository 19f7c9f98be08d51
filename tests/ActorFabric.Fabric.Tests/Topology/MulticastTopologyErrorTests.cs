using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Tests.Topology;

/// <summary>
/// Every problem the <c>multicast:</c> and <c>assisted-replication:</c> blocks, their node keys and the generator's AR
/// keys can have: one row each, answered with the position (line:column of the offending value) and the problem.
/// </summary>
public class MulticastTopologyErrorTests
{
    private const string Head = "nodes:\n  - {name: spine1, role: spine, route-reflector: true}\n  - {name: leaf1, role: leaf}\n" +
        "  - {name: rep1, role: leaf, assisted-replication: replicator, ar-ip: 10.9.0.1}\n";

    private const string Tail = "links:\n  - endpoints: [leaf1:eth1, spine1:eth1]\nmac-vrfs:\n  - {name: blue, vlan: 100, vni: 10100}\n";

    public static TheoryData<string, string, string> Files => new()
    {
        {
            "unknown key in multicast",
            Head + Tail + "multicast: {snoping: true}\nassisted-replication: {}\n",
            "bad.yaml:9:13: unknown key 'snoping' in multicast (did you mean 'snooping'?)"
        },
        {
            "query interval of zero",
            Head + Tail + "multicast: {query-interval: 0s}\nassisted-replication: {}\n",
            "bad.yaml:9:29: 'query-interval' 0s is out of range (1s..31744s)"
        },
        {
            "response interval as long as the query interval",
            Head + Tail + "multicast: {query-interval: 10s, query-response-interval: 10s}\nassisted-replication: {}\n",
            "bad.yaml:9:59: 'query-response-interval' 10s must be shorter than 'query-interval' 10s (RFC 2236 §8.3)"
        },
        {
            "query interval shorter than the default response interval",
            Head + Tail + "multicast: {query-interval: 5s}\nassisted-replication: {}\n",
            "bad.yaml:9:29: 'query-response-interval' 10s must be shorter than 'query-interval' 5s (RFC 2236 §8.3)"
        },
        {
            "robustness zero",
            Head + Tail + "multicast: {robustness: 0}\nassisted-replication: {}\n",
            "bad.yaml:9:25: 'robustness' 0 is out of range (1..255)"
        },
        {
            "last member query interval below a tenth of a second",
            Head + Tail + "multicast: {last-member-query-interval: 10ms}\nassisted-replication: {}\n",
            "bad.yaml:9:41: 'last-member-query-interval' 10ms is out of range (100ms..3174s)"
        },
        {
            "snooping not a boolean",
            Head + Tail + "multicast: {snooping: maybe}\nassisted-replication: {}\n",
            "bad.yaml:9:23: 'snooping' must be true or false, not 'maybe'"
        },
        {
            "misspelt AR mode",
            Head + Tail + "assisted-replication: {mode: extnded}\n",
            "bad.yaml:9:30: 'mode' must be extended or regular, not 'extnded' (did you mean 'extended'?)"
        },
        {
            "unknown load balancing",
            Head + Tail + "assisted-replication: {load-balancing: flow}\n",
            "bad.yaml:9:40: 'load-balancing' must be vni or group, not 'flow'"
        },
        {
            "unknown unknown-unicast handling",
            Head + Tail + "assisted-replication: {unknown-unicast: flood}\n",
            "bad.yaml:9:41: 'unknown-unicast' must be replicate or ingress, not 'flood'"
        },
        {
            "unknown replicator IR role",
            Head + Tail + "assisted-replication: {replicator-ir-role: leaf}\n",
            "bad.yaml:9:44: 'replicator-ir-role' must be ar-replicator or rnve, not 'leaf'"
        },
        {
            "AR IP pool too small",
            Head + Tail + "assisted-replication: {ar-ip-pool: 10.1.0.0/31}\n",
            "bad.yaml:9:36: 'ar-ip-pool' /31 has no room for AR IPs (use /30 or shorter)"
        },
        {
            "activation delay without a known unit",
            Head + Tail + "assisted-replication: {activation-delay: 2h}\n",
            "bad.yaml:9:42: 'activation-delay' must be a duration with a unit (e.g. 10us, 5ms, 3s), not '2h'"
        },
        {
            "misspelt policies key",
            Head + Tail + "assisted-replication: {polices: []}\n",
            "bad.yaml:9:24: unknown key 'polices' in assisted-replication (did you mean 'policies'?)"
        },
        {
            "unicast group",
            Head + Tail + "assisted-replication: {policies: [{name: p1, group: 10.0.0.0/8, replicator: rep1}]}\n",
            "bad.yaml:9:53: AR policy 'p1': group 10.0.0.0/8 is not a multicast prefix (within 224.0.0.0/4 or ff00::/8)"
        },
        {
            "multicast source",
            Head + Tail + "assisted-replication: {policies: [{name: p1, group: 233.252.0.0/24, source: 239.1.1.1/32, replicator: rep1}]}\n",
            "bad.yaml:9:77: AR policy 'p1': source 239.1.1.1/32 covers multicast addresses; a source filter is a unicast prefix"
        },
        {
            "IPv6 source for an IPv4 group",
            Head + Tail + "assisted-replication: {policies: [{name: p1, group: 233.252.0.0/24, source: \"2001:db8::1\", replicator: rep1}]}\n",
            "bad.yaml:9:77: AR policy 'p1': source 2001:db8::1/128 and group 233.252.0.0/24 are of different address families"
        },
        {
            "fallback equal to the preferred replicator",
            Head + Tail + "assisted-replication: {policies: [{name: p1, group: 233.252.0.0/24, replicator: rep1, fallback: rep1}]}\n",
            "bad.yaml:9:97: AR policy 'p1': the fallback is the preferred replicator 'rep1' itself"
        },
        {
            "strict policy with a fallback",
            Head + Tail + "assisted-replication: {policies: [{name: p1, group: 233.252.0.0/24, replicator: rep1, strict: true, fallback: rep2}]}\n",
            "bad.yaml:9:111: AR policy 'p1': a strict policy has no fallback (strict drops the flow when 'rep1' is down); drop 'fallback' or 'strict'"
        },
        {
            "unknown replicator name",
            Head + Tail + "assisted-replication: {policies: [{name: p1, group: 233.252.0.0/24, replicator: rep9}]}\n",
            "bad.yaml:9:81: AR policy 'p1': unknown replicator 'rep9' (did you mean 'rep1'?)"
        },
        {
            "policy naming an AR leaf",
            Head + Tail + "assisted-replication: {policies: [{name: p1, group: 233.252.0.0/24, replicator: leaf1}]}\n",
            "bad.yaml:9:81: AR policy 'p1': 'leaf1' is not a replicator (its AR role is leaf)"
        },
        {
            "policy naming an AR IP nobody has",
            Head + Tail + "assisted-replication: {policies: [{name: p1, group: 233.252.0.0/24, replicator: 10.9.0.2}]}\n",
            "bad.yaml:9:81: AR policy 'p1': no replicator has the AR IP 10.9.0.2"
        },
        {
            "policy VNI not mapped",
            Head + Tail + "assisted-replication: {policies: [{name: p1, vni: 10200, replicator: rep1}]}\n",
            "bad.yaml:9:51: AR policy 'p1': VNI 10200 is not mapped by any mac-vrf"
        },
        {
            "policy matching nothing",
            Head + Tail + "assisted-replication: {policies: [{name: p1, replicator: rep1}]}\n",
            "bad.yaml:9:42: AR policy 'p1' matches nothing: give a 'group' prefix, a 'vni' or both"
        },
        {
            "policy without a replicator",
            Head + Tail + "assisted-replication: {policies: [{name: p1, group: 233.252.0.0/24}]}\n",
            "bad.yaml:9:35: an AR policy needs 'replicator'"
        },
        {
            "two policies of one name",
            Head + Tail + "assisted-replication: {policies: [{name: p1, group: 233.252.0.0/24, replicator: rep1}, {name: p1, vni: 10100, replicator: rep1}]}\n",
            "bad.yaml:9:95: duplicate AR policy name 'p1' (first defined at 9:42)"
        },
        {
            "group prefix too long",
            Head + Tail + "assisted-replication: {policies: [{name: p1, group: 233.252.0.0/33, replicator: rep1}]}\n",
            "bad.yaml:9:53: 'group' is not an IPv4 or IPv6 prefix: '233.252.0.0/33'"
        },
        {
            "unknown key in a policy",
            Head + Tail + "assisted-replication: {policies: [{name: p1, group: 233.252.0.0/24, replicator: rep1, prio: 1}]}\n",
            "bad.yaml:9:87: unknown key 'prio' in an AR policy"
        },
        {
            "misspelt node AR role",
            Head + "  - {name: leaf2, role: leaf, assisted-replication: replicatr}\n" + Tail + "assisted-replication: {}\n",
            "bad.yaml:5:53: unknown AR role 'replicatr' for node 'leaf2' (did you mean 'replicator'?); roles: none, leaf, replicator"
        },
        {
            "AR role on a spine",
            Head + "  - {name: spine2, role: spine, assisted-replication: leaf}\n" + Tail + "assisted-replication: {}\n",
            "bad.yaml:5:55: 'spine2' is a spine; only leaves and border leaves (VTEPs) take an AR role (a replicator is a VTEP with a second loopback)"
        },
        {
            "snooping on a spine",
            Head + "  - {name: spine2, role: spine, snooping: true}\n" + Tail + "assisted-replication: {}\n",
            "bad.yaml:5:43: 'spine2' is a spine; only leaves and border leaves snoop IGMP/MLD"
        },
        {
            "AR IP on an AR leaf",
            Head + "  - {name: leaf2, role: leaf, ar-ip: 10.9.0.2}\n" + Tail + "assisted-replication: {}\n",
            "bad.yaml:5:38: 'ar-ip' of 'leaf2': only an AR replicator has an AR IP (give it 'assisted-replication: replicator')"
        },
        {
            "AR IP used twice",
            Head + "  - {name: leaf2, role: leaf, assisted-replication: replicator, ar-ip: 10.9.0.1}\n" + Tail + "assisted-replication: {}\n",
            "bad.yaml:5:72: AR IP 10.9.0.1 of 'leaf2' is already the AR IP of 'rep1' (RFC 9574 §4: the AR IP differs from every IR IP)"
        },
        {
            "AR IP equal to a loopback",
            Head + "  - {name: leaf2, role: leaf, assisted-replication: replicator, ar-ip: 10.0.0.2}\n" + Tail + "assisted-replication: {}\n",
            "bad.yaml:5:72: AR IP 10.0.0.2 of 'leaf2' is already the loopback of 'leaf1' (RFC 9574 §4: the AR IP differs from every IR IP)"
        },
        {
            "AR IP equal to the replicator's own VTEP",
            Head + "  - {name: leaf2, role: leaf, vtep: 10.9.9.9, assisted-replication: replicator, ar-ip: 10.9.9.9}\n" + Tail + "assisted-replication: {}\n",
            "bad.yaml:5:88: AR IP 10.9.9.9 of 'leaf2' is already the VTEP address of 'leaf2' (RFC 9574 §4: the AR IP differs from every IR IP)"
        },
        {
            "AR IP 0.0.0.0",
            Head + "  - {name: leaf2, role: leaf, assisted-replication: replicator, ar-ip: 0.0.0.0}\n" + Tail + "assisted-replication: {}\n",
            "bad.yaml:5:72: AR IP of 'leaf2' cannot be 0.0.0.0"
        },
        {
            "AR IP with a prefix length",
            Head + "  - {name: leaf2, role: leaf, assisted-replication: replicator, ar-ip: 10.9.0.0/24}\n" + Tail + "assisted-replication: {}\n",
            "bad.yaml:5:72: 'ar-ip' is a single address (a /32): write it without a prefix length, not '10.9.0.0/24'"
        },
        {
            "AR role without the AR block",
            Head + Tail + "multicast: {}\n",
            "bad.yaml:4:52: node 'rep1' is an AR replicator but the topology has no 'assisted-replication:' block (add one; 'assisted-replication: {}' takes every default)"
        },
        {
            "generated replicators without spines",
            Head + Tail + "generate: {leaves: 0, replicators: 1}\nassisted-replication: {}\n",
            "bad.yaml:9:11: a generated fabric needs at least one spine to link leaves to"
        },
        {
            "too many generated replicators",
            Head + Tail + "generate: {spines: 1, replicators: 300}\nassisted-replication: {}\n",
            "bad.yaml:9:36: 'replicators' 300 is out of range (0..256)"
        },
        {
            "generated snooping not a boolean",
            Head + Tail + "generate: {spines: 1, snooping: perhaps}\nassisted-replication: {}\n",
            "bad.yaml:9:33: 'snooping' must be true or false, not 'perhaps'"
        },
        {
            "AR IP pool exhausted",
            Head + "  - {name: r2, role: leaf, assisted-replication: replicator}\n  - {name: r3, role: leaf, assisted-replication: replicator}\n  - {name: r4, role: leaf, assisted-replication: replicator}\n" + Tail + "assisted-replication: {ar-ip-pool: 10.1.0.0/30}\n",
            "bad.yaml:7:12: AR IP pool 10.1.0.0/30 is exhausted: 3 replicators need an automatic AR IP and 1 of them (from 'r4' on) got none; widen assisted-replication.ar-ip-pool"
        },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void A_bad_multicast_or_ar_setting_is_reported_at_its_position(string description, string yaml, string expected)
    {
        Assert.False(TopologyLoader.TryParse(yaml, "bad.yaml", out _, out var errors), description);
        Assert.Equal(expected, errors[0].ToString());
        Assert.Single(errors);
    }
}
