using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Tests.Topology;

/// <summary>The <c>oism:</c> block of an ip-vrf: what topologies/oism.yaml compiles to, and every mistake, one row each.</summary>
public class OismTopologyTests
{
    private static string Oism => File.ReadAllText(RepositoryFiles.Topology("oism.yaml"));

    [Fact]
    public void The_bundled_file_gives_tenant1_its_sbd_its_peg_and_the_external_source_and_group()
    {
        var topology = TopologyLoader.Load(RepositoryFiles.Topology("oism.yaml"));
        var oism = topology.IpVrfs.Single(v => v.Name == "tenant1").Oism!;

        var sbd = topology.BroadcastDomains[oism.SupplementaryDomain];
        Assert.Equal(((ushort)999, 10999u, -1), (sbd.Vlan, sbd.Vni, sbd.IpVrf));   // a BD of its own: no IRB gateway, no subnet routing
        Assert.Equal(["border1"], oism.Gateways.Select(n => topology.Nodes[n].Name).ToArray());
        Assert.Equal("198.51.100.10", new Wire.Packets.Ipv4Address(oism.ExternalSource).ToString());
        Assert.Equal(["239.1.1.1"], oism.ExternalGroups.Select(g => new Wire.Packets.Ipv4Address(g).ToString()).ToArray());
        Assert.DoesNotContain(topology.Hosts, h => h.Vlan == 999);
    }

    public static TheoryData<string, string, string> Mistakes => new()
    {
        { "unknown key", Oism.Replace("pegs: [border1]", "pegz: [border1]"), "unknown key 'pegz' in the oism block of ip-vrf 'tenant1' (did you mean 'pegs'?)" },
        { "no sbd", Oism.Replace("      sbd: sbd1                  # the supplementary broadcast domain (RFC 9625 §1.1)\n", ""), "'sbd'" },
        { "unknown sbd", Oism.Replace("sbd: sbd1 ", "sbd: sbd2 "), "unknown mac-vrf 'sbd2' for the SBD (did you mean 'sbd1'?)" },
        { "sbd is a revenue vlan", Oism.Replace("sbd: sbd1 ", "sbd: green "), "mac-vrf 'green' is in ip-vrf 'tenant1''s mac-vrfs" },
        { "sbd missing on a leaf", Oism.Replace("{name: sbd1, vlan: 999, vni: 10999, leaves: [leaf1, leaf2, leaf3, border1]}", "{name: sbd1, vlan: 999, vni: 10999, leaves: [leaf1, leaf2, border1]}"),
            "'leaf3' routes the tenant but does not carry the SBD (VLAN 999, VNI 10999)" },
        { "host in the sbd", Oism + "  - {name: lost, leaf: leaf1, vlan: 999}\n", "host 'lost' is in VLAN 999, the SBD of ip-vrf 'tenant1'" },
        { "no snooping", Oism.Replace("snooping: true ", "snooping: false "), "does not snoop IGMP/MLD" },
        { "peg not a border leaf", Oism.Replace("pegs: [border1]", "pegs: [leaf2]"), "PEG 'leaf2' is a leaf; a PIM/EVPN gateway is a border leaf" },
        { "unknown peg", Oism.Replace("pegs: [border1]", "pegs: [border9]"), "unknown PEG 'border9'" },
        { "external without peg", Oism.Replace("pegs: [border1]", "pegs: []"), "an external source or external groups sit behind a PEG" },
        { "multicast external source", Oism.Replace("external-source: 198.51.100.10", "external-source: 239.0.0.1"), "'external-source' 239.0.0.1 is not a unicast address" },
        { "link-local external group", Oism.Replace("external-groups: [239.1.1.1]", "external-groups: [224.0.0.5]"), "external group 224.0.0.5 is not a routable multicast group" },
        { "crb", Oism.Replace("design: erb", "design: crb").Replace("{name: spine1, role: spine, route-reflector: true, loopback: 10.0.0.1}", "{name: spine1, role: spine, route-reflector: true, loopback: 10.0.0.1}"),
            "oism needs routing.design erb" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void A_bad_oism_block_is_reported_with_its_position(string description, string yaml, string expected)
    {
        Assert.False(TopologyLoader.TryParse(yaml, "bad.yaml", out _, out var errors), description);
        Assert.Contains(errors, e => e.ToString().StartsWith("bad.yaml:", StringComparison.Ordinal) && e.ToString().Contains(expected, StringComparison.Ordinal));
    }
}
