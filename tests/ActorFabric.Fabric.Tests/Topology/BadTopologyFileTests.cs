using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Tests.Topology;

/// <summary>
/// Hostile and careless topology files, one row each: the loader answers with its own errors (file:line:col and the
/// problem), never with an exception, and a problem is reported once rather than once per node after it.
/// </summary>
public class BadTopologyFileTests
{
    private const string Fabric = """
        nodes:
          - {name: spine1, role: spine, route-reflector: true}
          - {name: leaf1, role: leaf}
        links:
          - endpoints: [leaf1:eth1, spine1:eth1]

        """;

    public static TheoryData<string, string, string> Files => new()
    {
        {
            "out-of-range VNI used by a host",
            Fabric + "mac-vrfs:\n  - {name: blue, vlan: 100, vni: 16777216}\nhosts:\n  - {name: h1, leaf: leaf1, vlan: 100}\n",
            "bad.yaml:7:34: 'vni' 16777216 is out of range (1..16777215)"
        },
        {
            "VLAN written as text, used by a host",
            Fabric + "mac-vrfs:\n  - {name: blue, vlan: blue, vni: 10100}\nhosts:\n  - {name: h1, leaf: leaf1, vlan: 100}\n",
            "bad.yaml:7:24: 'vlan' must be a whole number, not 'blue'"
        },
        {
            "host VNI with no mac-vrf at all",
            Fabric + "hosts:\n  - {name: h1, leaf: leaf1, vni: 10100}\n",
            "bad.yaml:7:34: host 'h1': VNI 10100 is not mapped by any mac-vrf"
        },
        {
            "loopback with a prefix length",
            "nodes:\n  - {name: leaf1, role: leaf, loopback: 10.0.0.1/24}\n",
            "bad.yaml:2:41: 'loopback' is a single address (a /32): write it without a prefix length, not '10.0.0.1/24'"
        },
        {
            "loopback with leading zeros",
            "nodes:\n  - {name: leaf1, role: leaf, loopback: 010.0.0.1}\n",
            "bad.yaml:2:41: 'loopback' is not an IPv4 address: '010.0.0.1' (no leading zeros: some tools read them as octal)"
        },
        {
            "router id with leading zeros",
            "nodes:\n  - {name: leaf1, role: leaf, router-id: 10.0.0.01}\n",
            "bad.yaml:2:42: 'router-id' is not an IPv4 address: '10.0.0.01' (no leading zeros: some tools read them as octal)"
        },
        {
            "router id 0.0.0.0",
            "nodes:\n  - {name: leaf1, role: leaf, router-id: 0.0.0.0}\n",
            "bad.yaml:2:42: router id of 'leaf1' cannot be 0.0.0.0 (RFC 4271 §6.2)"
        },
        {
            "a few generated lines asking for trillions of hosts",
            "generate: {spines: 1, leaves: 100000, vnis: 4094, vnis-per-leaf: 4094, hosts-per-vni-per-leaf: 4096}\n",
            "bad.yaml:1:96: this generates 1,676,902,400,000 hosts (100000 leaves x 4094 VNIs x 4096); a generated fabric may have at most 2,000,000"
        },
        {
            "generated links beyond the limit",
            "generate: {spines: 256, leaves: 100000}\n",
            "bad.yaml:1:20: this generates 25,600,000 links (100000 leaves, border leaves, reflectors and replicators x 256 spines); a generated fabric may have at most 1,000,000"
        },
        {
            "a megabyte value is cut in the error",
            "nodes:\n  - {name: leaf1, role: leaf, vtep: " + new string('9', 1_000_000) + "}\n",
            "bad.yaml:2:37: 'vtep' is not an IPv4 address: '" + new string('9', 77) + "...'"
        },
        {
            "a megabyte key is cut in the error",
            "nodes:\n  - {name: leaf1, role: leaf, " + new string('k', 1_000_000) + ": 1}\n",
            "bad.yaml:2:31: unknown key '" + new string('k', 77) + "...' in a node"
        },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void A_bad_file_is_answered_with_the_loaders_errors_only(string what, string yaml, string expected)
    {
        var errors = Load(yaml);
        Assert.True(errors.Any(e => e.StartsWith(expected, StringComparison.Ordinal)),
            $"{what}: expected an error starting with\n  {expected}\nbut got\n  {string.Join("\n  ", errors.Select(e => e.Length > 300 ? e[..300] : e))}");
        Assert.All(errors, e => Assert.True(e.Length < 400, $"{what}: an error echoes unbounded input ({e.Length} chars)"));
    }

    [Fact]
    public void An_exhausted_loopback_pool_is_one_error_naming_the_pool_and_how_many_were_needed()
    {
        var nodes = string.Concat(Enumerable.Range(1, 10).Select(i => $"  - {{name: leaf{i}, role: leaf}}\n"));
        var errors = Load("settings: {loopback-pool: 10.9.0.0/29}\nnodes:\n" + nodes);
        var error = Assert.Single(errors);
        Assert.Equal("bad.yaml:9:12: loopback pool 10.9.0.0/29 is exhausted: 10 nodes need an automatic loopback and 4 of them (from 'leaf7' on) got none; widen settings.loopback-pool", error);
    }

    [Fact]
    public void An_exhausted_host_pool_is_one_error_with_the_count_of_vnis()
    {
        var vrfs = string.Concat(Enumerable.Range(1, 6).Select(i => $"  - {{name: v{i}, vlan: {i}, vni: {i}}}\n"));
        var errors = Load(Fabric + "settings: {host-pool: 10.9.0.0/23, host-prefix-length: 24}\nmac-vrfs:\n" + vrfs);
        var error = Assert.Single(errors);
        Assert.Contains("host pool 10.9.0.0/23 is exhausted: it holds 2 /24 subnets but 6 VNIs need one (4 from here on got none)", error);
    }

    [Fact]
    public void An_exhausted_subnet_is_one_error_with_the_count_of_hosts()
    {
        var hosts = string.Concat(Enumerable.Range(1, 8).Select(i => $"  - {{name: h{i}, leaf: leaf1, vlan: 100}}\n"));
        var errors = Load(Fabric + "mac-vrfs:\n  - {name: blue, vlan: 100, vni: 10100, subnet: 10.1.1.0/29}\nhosts:\n" + hosts);
        var error = Assert.Single(errors);
        Assert.Contains("subnet 10.1.1.0/29 of VNI 10100 is exhausted: 8 hosts need an automatic address and 3 of them (from 'h6' on) got none", error);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_before_it_is_read()
    {
        var path = Path.Combine(Path.GetTempPath(), $"af-huge-{Guid.NewGuid():N}.yaml");
        using (var file = File.Create(path)) file.SetLength(TopologyLoader.MaxFileBytes + 1);
        try
        {
            Assert.False(TopologyLoader.TryLoad(path, out _, out var errors));
            var error = Assert.Single(errors);
            Assert.Contains("topology files are limited to 16 MiB", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_directory_is_reported_as_a_directory()
    {
        Assert.False(TopologyLoader.TryLoad(Path.GetTempPath(), out _, out var errors));
        Assert.Equal("is a directory, not a topology file", Assert.Single(errors).Message);
    }

    [Fact]
    public void A_full_mesh_fabric_is_validated_without_listing_its_sessions()
    {
        // 20,000 leaves and no reflector: 200 M sessions (gigabytes) if listed; validation counts them instead.
        var t = TopologyLoader.Parse("generate: {spines: 1, leaves: 20000}\n");
        Assert.Equal(20_000L * 19_999 / 2, t.BgpSessionCount);
    }

    [Fact]
    public void A_topology_without_links_validates_with_a_warning()
    {
        var t = TopologyLoader.Parse("nodes:\n  - {name: spine1, role: spine}\n  - {name: leaf1, role: leaf}\n", "nolinks.yaml");
        Assert.Equal("nolinks.yaml: no links: the 2 nodes cannot reach each other (add 'links:' or use 'generate:')", Assert.Single(TopologyWarnings.Of(t)));
        Assert.Empty(TopologyWarnings.Of(TopologyLoader.Parse(Fabric)));
    }

    private static List<string> Load(string yaml)
    {
        try
        {
            TopologyLoader.Parse(yaml, "bad.yaml");
        }
        catch (TopologyLoadException e)
        {
            return e.Errors.Select(x => x.ToString()).ToList();
        }
        Assert.Fail("the file was accepted");
        return [];
    }
}
