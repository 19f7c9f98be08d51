using ActorFabric.Wire.Bgp;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Tests.Topology;

public class RouteTargetAndDistinguisherTests
{
    [Fact]
    public void Rfc8365_auto_route_target_for_as_65000_vni_10100_is_known_answer()
    {
        // RFC 8365 §5.1.2.1: type 0x00 / sub-type 0x02, AS 65000 = 0xFDE8, local admin =
        // A(0) | TYPE(1 = VXLAN) << 28 | D-ID(0) << 24 | VNI 10100 (0x002774) = 0x10002774 = 268,445,556.
        var rt = RouteTargetDerivation.Rfc8365.RouteTargetFor(65000, 10100);
        Span<byte> bytes = stackalloc byte[8];
        rt.Write(bytes);
        Assert.Equal(new byte[] { 0x00, 0x02, 0xFD, 0xE8, 0x10, 0x00, 0x27, 0x74 }, bytes.ToArray());
        Assert.Equal("RT:65000:268445556", rt.ToString());
    }

    [Fact]
    public void As_vni_derivation_is_the_plain_frr_form()
    {
        var rt = RouteTargetDerivation.AsVni.RouteTargetFor(65000, 10100);
        Assert.Equal("RT:65000:10100", rt.ToString());
        Assert.Equal(0x0002_FDE8_0000_2774UL, rt.Value);
    }

    [Fact]
    public void As_vni_derivation_setting_changes_the_auto_targets_of_a_fabric()
    {
        var t = TopologyLoader.Parse("""
            settings: {route-target-derivation: as-vni}
            nodes: [{name: leaf1, role: leaf}]
            mac-vrfs: [{name: blue, vlan: 100, vni: 10100}]
            """);
        Assert.Equal("RT:65000:10100", t.MacVrfs[0].ImportTargets[0].ToString());
    }

    [Fact]
    public void Route_target_constraint_is_off_unless_the_settings_turn_it_on()
    {
        const string body = """
            nodes: [{name: leaf1, role: leaf}]
            mac-vrfs: [{name: blue, vlan: 100, vni: 10100}]
            """;
        Assert.False(TopologyLoader.Parse(body).Settings.RouteTargetConstraint);
        Assert.True(TopologyLoader.Parse("settings: {route-target-constraint: true}\n" + body).Settings.RouteTargetConstraint);
        var error = Assert.Throws<TopologyLoadException>(() => TopologyLoader.Parse("settings: {route-target-constraint: maybe}\n" + body, "f.yaml"));
        Assert.Contains("f.yaml:1:", error.Message);
        Assert.Contains("'route-target-constraint' must be true or false, not 'maybe'", error.Message);
    }

    [Fact]
    public void The_bundled_large_topologies_constrain_route_targets()
    {
        Assert.True(TopologyLoader.Load(RepositoryFiles.Topology("bench-256.yaml")).Settings.RouteTargetConstraint);
        Assert.True(TopologyLoader.Load(RepositoryFiles.Topology("large-1000.yaml")).Settings.RouteTargetConstraint);
        Assert.False(TopologyLoader.Load(RepositoryFiles.Topology("quickstart.yaml")).Settings.RouteTargetConstraint);
    }

    [Theory]
    [InlineData("10.0.0.1:70000")]
    [InlineData("010.0.0.1:100")]
    [InlineData("65000")]
    [InlineData("1.2.3:4")]
    [InlineData("4200000000:70000")]
    public void Malformed_route_targets_are_refused_with_the_topology_message(string text)
    {
        var error = Assert.Throws<TopologyLoadException>(() => TopologyLoader.Parse($$"""
            nodes: [{name: leaf1, role: leaf}]
            mac-vrfs: [{name: blue, vlan: 100, vni: 10100, route-targets: "{{text}}"}]
            """));
        Assert.Contains($"bad route target '{text}' (expected 65000:100, 10.0.0.1:100 or auto)", error.Message);
    }

    [Fact]
    public void Type1_rd_is_router_id_colon_evi_in_eight_octets()
    {
        // RFC 7432 §7.9 / RFC 4364 §4.2: type 0x0001, IPv4 10.0.0.11, assigned number 100.
        var rd = RouteDistinguisher.FromIpv4(0x0A00_000B, 100);
        Span<byte> bytes = stackalloc byte[8];
        rd.Write(bytes);
        Assert.Equal(new byte[] { 0x00, 0x01, 0x0A, 0x00, 0x00, 0x0B, 0x00, 0x64 }, bytes.ToArray());
        Assert.Equal("10.0.0.11:100", rd.ToString());
        Assert.Equal(rd, RouteDistinguisher.Read(bytes));
    }

    [Theory]
    [InlineData("65000:100", 0, 0x0000_FDE8_0000_0064UL)]
    [InlineData("10.0.0.1:7", 1, 0x0001_0A00_0001_0007UL)]
    [InlineData("4200000000:7", 2, 0x0002_FA56_EA00_0007UL)]
    public void Route_distinguishers_parse_and_print_by_type(string text, int type, ulong octets)
    {
        Assert.True(RouteDistinguisher.TryParse(text, out var rd));
        Assert.Equal(type, rd.Type);
        Assert.Equal(octets, rd.Value);
        Assert.Equal(text, rd.ToString());
    }

    [Theory]
    [InlineData("10.0.0.1:70000")]
    [InlineData("65000")]
    [InlineData("1.2.3:4")]
    [InlineData("4200000000:70000")]
    public void Malformed_route_distinguishers_are_refused(string text) =>
        Assert.False(RouteDistinguisher.TryParse(text, out _));

    [Fact]
    public void Configured_rd_overrides_the_auto_type1_rd()
    {
        var t = TopologyLoader.Parse("""
            nodes: [{name: leaf1, role: leaf, loopback: 10.0.0.9}]
            mac-vrfs:
              - {name: a, vlan: 100, vni: 10100}
              - {name: b, vlan: 200, vni: 10200, rd: "65000:200", evi: 20}
            """);
        var leaf = t.Node("leaf1");
        Assert.Equal("10.0.0.9:1", t.MacVrfs[0].RouteDistinguisherFor(leaf).ToString()); // auto EVI 1
        Assert.Equal("65000:200", t.MacVrfs[1].RouteDistinguisherFor(leaf).ToString());
    }
}
