using ActorFabric.Protocols.Bgp.Rib;
using ActorFabric.Wire.Bgp;
using static ActorFabric.Protocols.Tests.Bgp.BgpTestData;

namespace ActorFabric.Protocols.Tests.Bgp;

public class RouteTargetTests
{
    [Fact]
    public void Auto_derived_route_target_encodes_asn_type_vxlan_and_vni()
    {
        var rt = RouteTargetSet.AutoDerive(65000, 10100);
        // 0x00 0x02 | ASN 65000 | A=0, Type=1, D-ID=0 | VNI 10100 (RFC 8365 §5.1.2.1)
        Assert.Equal(0x0002_FDE8_1000_2774UL, rt.Value);
        Assert.True(rt.IsRouteTarget);
        Assert.Equal(RouteTargetSet.AutoDerive(65000, 10100), RouteTargetSet.AutoDerive(4_259_905_000, 10100)); // low 16 bits of a 4-octet ASN
    }

    [Fact]
    public void A_route_is_imported_when_any_of_its_route_targets_matches()
    {
        var import = new RouteTargetSet([ExtendedCommunity.RouteTargetAs2(65000, 1), ExtendedCommunity.RouteTargetAs2(65000, 2)]);
        Assert.True(import.MatchesAny(new PathAttributes { ExtendedCommunities = [ExtendedCommunity.VxlanEncapsulation, ExtendedCommunity.RouteTargetAs2(65000, 2)] }));
        Assert.False(import.MatchesAny(new PathAttributes { ExtendedCommunities = [ExtendedCommunity.RouteTargetAs2(65000, 3)] }));
        Assert.False(import.MatchesAny(new PathAttributes()));
        // Same 6-octet value under a different RT type is a different RT.
        Assert.False(import.MatchesAny(new PathAttributes { ExtendedCommunities = [new ExtendedCommunity(ExtendedCommunity.RouteTargetAs2(65000, 1).Value | (2UL << 56))] }));
    }

    [Fact]
    public void Auto_derived_vrf_uses_router_id_rd_and_adds_export_targets_once()
    {
        var vrf = VrfRouteTargets.AutoDerived(Id("10.0.0.1"), 3, 65000, 10100);
        Assert.Equal("10.0.0.1:3", vrf.Rd.ToString());
        var attributes = vrf.WithExportTargets(vrf.WithExportTargets(new PathAttributes { ExtendedCommunities = [ExtendedCommunity.VxlanEncapsulation] }));
        Assert.Equal(2, attributes.ExtendedCommunities.Length);
        Assert.True(vrf.Imports(attributes));
    }
}
