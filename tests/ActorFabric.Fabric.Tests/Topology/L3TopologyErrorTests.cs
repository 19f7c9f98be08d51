using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Tests.Topology;

/// <summary>
/// Every problem the <c>routing:</c> and <c>ip-vrfs:</c> blocks, the gateways, routing nodes, external prefixes and the
/// generator's L3 keys can have: one row each, answered with the position of the offending value and the problem.
/// </summary>
public class L3TopologyErrorTests
{
    // Lines 1-6.
    private const string Head = "nodes:\n  - {name: spine1, role: spine, route-reflector: true}\n  - {name: leaf1, role: leaf}\n" +
        "  - {name: leaf2, role: leaf}\nlinks:\n  - endpoints: [leaf1:eth1, spine1:eth1]\n";

    // Lines 7-9.
    private const string Vrfs = "mac-vrfs:\n  - {name: blue, vlan: 100, vni: 10100, subnet: 192.168.100.0/24}\n  - {name: green, vlan: 200, vni: 10200, subnet: 192.168.200.0/24, leaves: [leaf2]}\n";

    // Lines 7-9, with an IPv6 gateway on VLAN 100.
    private const string Vrfs6 = "mac-vrfs:\n  - {name: blue, vlan: 100, vni: 10100, subnet: 192.168.100.0/24, gateway6: \"2001:db8:100::1/64\"}\n  - {name: green, vlan: 200, vni: 10200, subnet: 192.168.200.0/24, leaves: [leaf2]}\n";

    private const string Tenant = "ip-vrfs:\n  - {name: tenant1, l3-vni: 50001, mac-vrfs: [blue, green]}\n";

    private static string WithNode(string node) => Head.Replace("links:", node + "\nlinks:", StringComparison.Ordinal);

    public static TheoryData<string, string, string> Files => new()
    {
        { "unknown routing key", Head + Vrfs + "routing: {desing: crb}\n", "bad.yaml:10:11: unknown key 'desing' in routing (did you mean 'design'?)" },
        { "unknown design", Head + Vrfs + "routing: {design: cbr}\n", "bad.yaml:10:19: 'design' must be erb or crb, not 'cbr'" },
        { "unknown irb mode", Head + Vrfs + "routing: {irb: semmetric}\n", "bad.yaml:10:16: 'irb' must be symmetric or asymmetric, not 'semmetric' (did you mean 'symmetric'?)" },
        { "unknown type 5 model", Head + Vrfs + "routing: {type5: interface}\n", "bad.yaml:10:18: 'type5' must be interface-less or gateway-ip, not 'interface'" },
        { "vmto not a boolean", Head + Vrfs + "routing: {vmto: sometimes}\n", "bad.yaml:10:17: 'vmto' must be true or false, not 'sometimes'" },
        { "anycast MAC not a MAC", Head + Vrfs + "routing: {anycast-mac: gateway}\n", "bad.yaml:10:24: 'anycast-mac' is not a MAC address (expected aa:bb:cc:dd:ee:ff): 'gateway'" },
        { "anycast MAC a group MAC", Head + Vrfs + "routing: {anycast-mac: \"01:00:5e:00:01:01\"}\n", "bad.yaml:10:24: 'anycast-mac' 01:00:5e:00:01:01 is not a unicast MAC; the gateway MAC sources routed frames (RFC 9135 §4.1 derives 00:00:5e:00:01:01)" },
        { "ip-vrf without a name", Head + Vrfs + "ip-vrfs:\n  - {l3-vni: 50001}\n", "bad.yaml:11:5: an ip-vrf needs 'name'" },
        { "ip-vrf without an L3 VNI", Head + Vrfs + "ip-vrfs:\n  - {name: tenant1, mac-vrfs: [blue]}\n", "bad.yaml:11:12: ip-vrf 'tenant1' needs an 'l3-vni' (the VNI routed traffic and type 5 routes carry, RFC 9136 §4.4.1)" },
        { "L3 VNI out of range", Head + Vrfs + "ip-vrfs:\n  - {name: tenant1, l3-vni: 16777216}\n", "bad.yaml:11:29: 'l3-vni' 16777216 is out of range (1..16777215)" },
        { "L3 VNI equal to an L2 VNI", Head + Vrfs + "ip-vrfs:\n  - {name: tenant1, l3-vni: 10200}\n", "bad.yaml:11:29: L3 VNI 10200 of ip-vrf 'tenant1' is already the VNI of VLAN 200 in mac-vrf 'green'; an L3 VNI differs from every L2 VNI (RFC 9135 §5.1)" },
        { "L3 VNI used twice", Head + Vrfs + "ip-vrfs:\n  - {name: t1, l3-vni: 50001}\n  - {name: t2, l3-vni: 50001}\n", "bad.yaml:12:24: L3 VNI 50001 of ip-vrf 't2' is already the L3 VNI of ip-vrf 't1'" },
        { "duplicate ip-vrf name", Head + Vrfs + "ip-vrfs:\n  - {name: t1, l3-vni: 50001}\n  - {name: t1, l3-vni: 50002}\n", "bad.yaml:12:12: duplicate ip-vrf name 't1' (first defined at 11:12)" },
        { "ip-vrf named like a mac-vrf", Head + Vrfs + "ip-vrfs:\n  - {name: blue, l3-vni: 50001}\n", "bad.yaml:11:12: ip-vrf 'blue' has the name of a mac-vrf (commands name both kinds of instance: rename one)" },
        { "unknown mac-vrf", Head + Vrfs + "ip-vrfs:\n  - {name: t1, l3-vni: 50001, mac-vrfs: [bleu]}\n", "bad.yaml:11:42: ip-vrf 't1': unknown mac-vrf 'bleu'" },
        { "mac-vrf in two ip-vrfs", Head + Vrfs + "ip-vrfs:\n  - {name: t1, l3-vni: 50001, mac-vrfs: [blue]}\n  - {name: t2, l3-vni: 50002, mac-vrfs: [blue]}\n", "bad.yaml:12:42: mac-vrf 'blue' is already in ip-vrf 't1'; a VLAN routes in one IP-VRF" },
        { "mac-vrf listed twice", Head + Vrfs + "ip-vrfs:\n  - {name: t1, l3-vni: 50001, mac-vrfs: [blue, blue]}\n", "bad.yaml:11:48: ip-vrf 't1' lists mac-vrf 'blue' twice" },
        { "bad ip-vrf route target", Head + Vrfs + "ip-vrfs:\n  - {name: t1, l3-vni: 50001, route-targets: [nope]}\n", "bad.yaml:11:47: bad route target 'nope' (expected 65000:100, 10.0.0.1:100 or auto)" },
        { "auto route target with a 4-octet AS", "asn: 4200000000\n" + Head + "ip-vrfs:\n  - {name: t1, l3-vni: 50001, route-targets: {import: [65000:1]}}\n", "bad.yaml:9:12: ip-vrf 't1': route targets cannot be auto-derived from the 4-octet AS 4200000000 (RFC 8365 §5.1.2.1); give 'route-targets'" },
        { "gateway outside the subnet", Head + "mac-vrfs:\n  - {name: blue, vlan: 100, vni: 10100, subnet: 192.168.100.0/24, gateway: 192.168.1.1}\n" + Tenant.Replace(", green", ""), "bad.yaml:8:76: 'gateway' 192.168.1.1 is outside the subnet 192.168.100.0/24" },
        { "gateway length unlike the subnet's", Head + "mac-vrfs:\n  - {name: blue, vlan: 100, vni: 10100, subnet: 192.168.100.0/24, gateway: 192.168.100.1/25}\n" + Tenant.Replace(", green", ""), "bad.yaml:8:76: 'gateway' 192.168.100.1/25 and 'subnet' 192.168.100.0/24 have different prefix lengths" },
        { "gateway without a length or subnet", Head + "mac-vrfs:\n  - {name: blue, vlan: 100, vni: 10100, gateway: 192.168.100.1}\n" + Tenant.Replace(", green", ""), "bad.yaml:8:50: 'gateway' 192.168.100.1 needs the subnet's prefix length (a.b.c.d/len) when the VLAN has no 'subnet'" },
        { "gateway on the network address", Head + "mac-vrfs:\n  - {name: blue, vlan: 100, vni: 10100, gateway: 192.168.100.0/24}\n" + Tenant.Replace(", green", ""), "bad.yaml:8:50: 'gateway' 192.168.100.0 is the network address of 192.168.100.0/24; the gateway is a host address (e.g. .1)" },
        { "gateway on the broadcast address", Head + "mac-vrfs:\n  - {name: blue, vlan: 100, vni: 10100, gateway: 192.168.100.255/24}\n" + Tenant.Replace(", green", ""), "bad.yaml:8:50: 'gateway' 192.168.100.255 is the broadcast address of 192.168.100.0/24; the gateway is a host address (e.g. .1)" },
        { "gateway in a /31", Head + "mac-vrfs:\n  - {name: blue, vlan: 100, vni: 10100, gateway: 10.0.9.1/31}\n" + Tenant.Replace(", green", ""), "bad.yaml:8:50: 'gateway' 10.0.9.1/31 leaves no room for hosts (use /30 or shorter)" },
        { "IPv6 gateway without a length", Head + "mac-vrfs:\n  - {name: blue, vlan: 100, vni: 10100, gateway6: \"2001:db8::1\"}\n" + Tenant.Replace(", green", ""), "bad.yaml:8:51: 'gateway6' is not an IPv6 address with its prefix length (2001:db8::1/64): '2001:db8::1'" },
        { "IPv6 gateway on the subnet-router anycast address", Head + "mac-vrfs:\n  - {name: blue, vlan: 100, vni: 10100, gateway6: \"2001:db8::/64\"}\n" + Tenant.Replace(", green", ""), "bad.yaml:8:51: 'gateway6' 2001:db8::/64 is the subnet-router anycast address (interface identifier zero, RFC 4291 §2.6.1); give the gateway a host address (e.g. ::1)" },
        { "IPv6 gateway multicast", Head + "mac-vrfs:\n  - {name: blue, vlan: 100, vni: 10100, gateway6: \"ff02::1/64\"}\n" + Tenant.Replace(", green", ""), "bad.yaml:8:51: 'gateway6' ff02::1/64 is a multicast address; the gateway is a unicast address" },
        { "gateway on a VLAN no ip-vrf routes", Head + "mac-vrfs:\n  - {name: blue, vlan: 100, vni: 10100, gateway: 192.168.100.1/24}\n", "bad.yaml:8:50: mac-vrf 'blue' has a gateway but no ip-vrf routes it: list it in an ip-vrf's 'mac-vrfs' (or drop the gateway)" },
        { "host on the gateway address", Head + Vrfs + Tenant + "hosts:\n  - {name: h1, leaf: leaf1, vlan: 100, ip: 192.168.100.1}\n", "bad.yaml:13:44: host 'h1': 192.168.100.1 is the anycast gateway of VNI 10100" },
        { "host IPv6 outside the VLAN's prefix", Head + Vrfs6 + Tenant + "hosts:\n  - {name: h1, leaf: leaf1, vlan: 100, ipv6: \"2001:db8:999::5\"}\n", "bad.yaml:13:46: host 'h1': 2001:db8:999::5 is not in VLAN 100's IPv6 subnet 2001:db8:100::/64" },
        { "host IPv6 on the gateway address", Head + Vrfs6 + Tenant + "hosts:\n  - {name: h1, leaf: leaf1, vlan: 100, ipv6: \"2001:db8:100::1\"}\n", "bad.yaml:13:46: host 'h1': 2001:db8:100::1 is the anycast gateway of VNI 10100" },
        { "host IPv6 with another prefix length", Head + Vrfs6 + Tenant + "hosts:\n  - {name: h1, leaf: leaf1, vlan: 100, ipv6: \"2001:db8:100::5/48\"}\n", "bad.yaml:13:46: host 'h1': /48 differs from VLAN 100's subnet 2001:db8:100::/64; write the address alone or with /64" },
        { "host IPv6 in a VLAN without gateway6", Head + Vrfs + Tenant + "hosts:\n  - {name: h1, leaf: leaf1, vlan: 100, ipv6: \"2001:db8:100::5\"}\n", "bad.yaml:13:46: host 'h1': 'ipv6' 2001:db8:100::5 needs an IPv6 subnet on VLAN 100: give its mac-vrf a 'gateway6'" },
        { "host IPv6 not an address", Head + Vrfs6 + Tenant + "hosts:\n  - {name: h1, leaf: leaf1, vlan: 100, ipv6: 10.0.0.5}\n", "bad.yaml:13:46: 'ipv6' is not an IPv6 address (2001:db8:100::10, optionally with the VLAN's prefix length): '10.0.0.5'" },
        { "host IPv6 used twice", Head + Vrfs6 + Tenant + "hosts:\n  - {name: h1, leaf: leaf1, vlan: 100, ipv6: \"2001:db8:100::5\"}\n  - {name: h2, leaf: leaf1, vlan: 100, ipv6: \"2001:db8:100::5\"}\n", "bad.yaml:14:46: duplicate IPv6 2001:db8:100::5 in VNI 10100: host 'h2' and host 'h1'" },
        { "routes in an erb fabric", WithNode("  - {name: spine2, role: spine, routes: true}") + Vrfs + Tenant, "bad.yaml:5:41: 'routes' of 'spine2' picks a CRB routing node, but the design is erb (every leaf routes its own VLANs); set routing.design: crb or drop 'routes'" },
        { "routes on a route reflector", WithNode("  - {name: rr1, role: route-reflector, routes: true}\n  - {name: b1, role: border-leaf, routes: true}") + Vrfs + Tenant + "routing: {design: crb}\n", "bad.yaml:5:48: 'rr1' is a route reflector; a routing node is a spine, leaf or border leaf (it terminates VXLAN for the IRB interfaces)" },
        { "crb without a routing node", Head + Vrfs + Tenant + "routing: {design: crb}\n", "bad.yaml:12:19: design crb needs at least one routing node: give a spine or border leaf 'routes: true' (it holds the IRB interfaces of every ip-vrf)" },
        { "asymmetric irb on a leaf missing a vlan", Head + Vrfs + Tenant + "routing: {irb: asymmetric}\n", "bad.yaml:3:12: asymmetric IRB: 'leaf1' routes ip-vrf 'tenant1' but does not carry its VNI 10200 (RFC 9135 §4.2: every routing VTEP has every VLAN of the tenant); add the VLAN to the leaf or use irb: symmetric" },
        { "external prefixes on a leaf", WithNode("  - {name: leaf3, role: leaf, external-prefixes: [{vrf: tenant1, prefix: 0.0.0.0/0, next-hop: 203.0.113.1}]}") + Vrfs + Tenant, "bad.yaml:5:57: 'leaf3' is a leaf; only border leaves have 'external-prefixes' (routes learned outside the fabric)" },
        { "external prefix in an unknown vrf", WithNode("  - {name: b1, role: border-leaf, external-prefixes: [{vrf: tenant2, prefix: 0.0.0.0/0, next-hop: 203.0.113.1}]}") + Vrfs + Tenant, "bad.yaml:5:61: external prefix 0.0.0.0/0 of 'b1': unknown ip-vrf 'tenant2' (did you mean 'tenant1'?)" },
        { "external prefix listed twice", WithNode("  - {name: b1, role: border-leaf, external-prefixes: [{vrf: tenant1, prefix: 0.0.0.0/0, next-hop: 203.0.113.1}, {vrf: tenant1, prefix: 0.0.0.0/0, next-hop: 203.0.113.2}]}") + Vrfs + Tenant, "bad.yaml:5:136: 'b1' lists external prefix 0.0.0.0/0 in ip-vrf 'tenant1' twice" },
        { "external prefix not a prefix", WithNode("  - {name: b1, role: border-leaf, external-prefixes: [{vrf: tenant1, prefix: default, next-hop: 203.0.113.1}]}") + Vrfs + Tenant, "bad.yaml:5:78: 'prefix' is not an IPv4 or IPv6 prefix: 'default'" },
        { "external prefix multicast", WithNode("  - {name: b1, role: border-leaf, external-prefixes: [{vrf: tenant1, prefix: 239.0.0.0/8, next-hop: 203.0.113.1}]}") + Vrfs + Tenant, "bad.yaml:5:78: external prefix 239.0.0.0/8 of 'b1' is a multicast prefix (224.0.0.0/4 or ff00::/8); a route is a unicast prefix" },
        { "external next hop of another family", WithNode("  - {name: b1, role: border-leaf, external-prefixes: [{vrf: tenant1, prefix: 0.0.0.0/0, next-hop: \"2001:db8::1\"}]}") + Vrfs + Tenant, "bad.yaml:5:99: next hop 2001:db8::1 and prefix 0.0.0.0/0 of 'b1' are of different address families" },
        { "external next hop with a length", WithNode("  - {name: b1, role: border-leaf, external-prefixes: [{vrf: tenant1, prefix: 0.0.0.0/0, next-hop: 203.0.113.1/24}]}") + Vrfs + Tenant, "bad.yaml:5:99: 'next-hop' is not an IPv4 or IPv6 address: '203.0.113.1/24'" },
        { "external prefix without a next hop", WithNode("  - {name: b1, role: border-leaf, external-prefixes: [{vrf: tenant1, prefix: 0.0.0.0/0}]}") + Vrfs + Tenant, "bad.yaml:5:55: an external prefix needs 'next-hop'" },
        { "routes not a boolean", WithNode("  - {name: b1, role: border-leaf, routes: maybe}") + Vrfs + Tenant, "bad.yaml:5:43: 'routes' must be true or false, not 'maybe'" },
        { "generated vrf size without l3", "generate: {spines: 1, leaves: 2, vnis: 4, vnis-per-vrf: 2}\n", "bad.yaml:1:57: 'vnis-per-vrf' and 'first-l3-vni' shape generated tenant VRFs: add 'l3: true'" },
        { "generated l3 with a bundle", "generate: {spines: 1, leaves: 2, vnis: 4, l3: true, service: vlan-aware-bundle}\n", "bad.yaml:1:62: 'l3' gives every tenant its own VLANs, so each needs its own MAC-VRFs: use service: vlan-based" },
        { "generated L3 VNI on a generated L2 VNI", "generate: {spines: 1, leaves: 2, vnis: 4, l3: true, first-l3-vni: 10002}\n", "bad.yaml:1:11: L3 VNI 10002 of ip-vrf 'tenant1' is already the VNI of VLAN 102 in mac-vrf 'vni10002'; an L3 VNI differs from every L2 VNI (RFC 9135 §5.1)" },
        { "generated L3 VNIs past the last VNI", "generate: {spines: 1, leaves: 2, vnis: 40, l3: true, first-l3-vni: 16777215}\n", "bad.yaml:1:68: 2 tenant VRFs from L3 VNI 16777215 run past VNI 16777215" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void A_bad_routing_setting_is_reported_at_its_position(string description, string yaml, string expected)
    {
        Assert.False(TopologyLoader.TryParse(yaml, "bad.yaml", out _, out var errors), description);
        Assert.Equal(expected, errors[0].ToString());
        Assert.Single(errors);
    }
}
