using ActorFabric.Interop.Tests.Harness;

namespace ActorFabric.Interop.Tests;

/// <summary>The RIB readers on the JSON shapes the real speakers print (trimmed captures of real output).</summary>
public sealed class EvpnRibJsonTests
{
    [Fact]
    public void GoBgpReaderNormalisesMacOnlyRouteAndReadsReflectionAttributes()
    {
        const string json = """
        {"[type:macadv][rd:127.0.0.2:100][etag:0][mac:AA:bb:cc:00:00:01][ip:<nil>]":[{"nlri":{"type":2,"value":{"rd":{"type":0,"admin":65000,"assigned":7},"esi":"single-homed","etag":5,"mac":"AA:bb:cc:00:00:01","ip":"<nil>","labels":[10100,20200]}},"best":true,
          "attrs":[{"type":1,"value":2},{"type":9,"value":"127.0.0.2"},{"type":10,"value":["1.1.1.1","2.2.2.2"]},
                   {"type":16,"value":[{"type":0,"subtype":2,"value":"65000:100"},{"type":3,"subtype":12,"tunnel_type":8}]},
                   {"type":14,"nexthop":"127.0.0.2","afi":25,"safi":70,"value":[]}],"neighbor-ip":"127.0.0.1"}]}
        """;
        var r = Assert.Single(GoBgpEvpnJson.Parse(json));
        Assert.Equal(2, r.RouteType);
        Assert.Equal("65000:7", r.RouteDistinguisher);
        Assert.Equal(5u, r.EthernetTag);
        Assert.Equal("aa:bb:cc:00:00:01", r.Mac);
        Assert.Null(r.Ip);
        Assert.Null(r.Esi);
        Assert.Equal([10100u, 20200u], r.Labels);
        Assert.Equal("127.0.0.2", r.NextHop);
        Assert.Equal("127.0.0.2", r.OriginatorId);
        Assert.Equal(["1.1.1.1", "2.2.2.2"], r.ClusterList);
        Assert.Equal(["RT:65000:100"], r.RouteTargets);
        Assert.Equal("vxlan", r.Encapsulation);
        Assert.Equal("127.0.0.1", r.LearnedFrom);
    }

    [Fact]
    public void FrrReaderHandlesDetailedAndPlainPathShapes()
    {
        const string detail = """
        {"127.0.0.2:100":{"rd":"127.0.0.2:100","[3]:[0]:[32]:[127.0.0.2]":{"prefix":"[3]:[0]:[32]:[127.0.0.2]","routeType":3,"ethTag":0,"ipLen":32,"ip":"127.0.0.2",
          "paths":[[{"originatorId":"127.0.0.2","clusterList":{"list":["1.1.1.1"]},"bestpath":{"overall":true},"extendedCommunity":{"string":"RT:65000:100 ET:8"},
                     "pmsi":{"tunnelType":"Ingress Replication","label":10100},"nexthops":[{"ip":"127.0.0.2"}],"peer":{"peerId":"127.0.0.9"}}]]}},"numPrefix":1}
        """;
        const string plain = """
        {"bgpTableVersion":3,"localAS":65000,"127.0.0.2:100":{"rd":"127.0.0.2:100","[2]:[0]:[48]:[aa:bb:cc:00:00:02]:[32]:[10.0.0.2]":{"prefix":"x",
          "paths":[{"bestpath":true,"routeType":2,"ethTag":0,"mac":"aa:bb:cc:00:00:02","ip":"10.0.0.2","peerId":"127.0.0.2","extendedCommunity":{"string":"RT:65000:100 ET:8"},"nexthops":[{"ip":"127.0.0.2"}]}]}},"numPrefix":1}
        """;

        var imet = Assert.Single(FrrEvpnJson.Parse(detail));
        Assert.Equal(3, imet.RouteType);
        Assert.Equal("127.0.0.2", imet.Ip);
        Assert.Equal("127.0.0.2", imet.OriginatorId);
        Assert.Equal(["1.1.1.1"], imet.ClusterList);
        Assert.Equal(new PmsiTunnel(PmsiTunnel.IngressReplication, 10100, null), imet.Pmsi);
        Assert.Equal("127.0.0.9", imet.LearnedFrom);
        Assert.True(imet.IsBest);

        var mac = Assert.Single(FrrEvpnJson.Parse(plain));
        Assert.Equal(2, mac.RouteType);
        Assert.Equal("127.0.0.2:100", mac.RouteDistinguisher);
        Assert.Equal("10.0.0.2", mac.Ip);
        Assert.Equal(["RT:65000:100"], mac.RouteTargets);
        Assert.Equal("vxlan", mac.Encapsulation);
        Assert.Empty(mac.Labels);
        Assert.True(mac.IsBest);
    }
}
