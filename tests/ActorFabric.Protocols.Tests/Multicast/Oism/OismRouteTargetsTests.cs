using System.Net;
using ActorFabric.Protocols.Multicast.Oism;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Tests.Multicast.Oism;

/// <summary>
/// RFC 9625 §2.2 on a PE with two OISM tenants: tenant1 (BDs blue and green, SBD RT 65000:999) and tenant2 (BD red,
/// SBD RT 65000:1999). The route targets of a received route say which BD it belongs to, or that it is malformed.
/// </summary>
public sealed class OismRouteTargetsTests
{
    private static readonly ExtendedCommunity Blue = ExtendedCommunity.RouteTargetAs2(65000, 100), Green = ExtendedCommunity.RouteTargetAs2(65000, 200),
        Sbd1 = ExtendedCommunity.RouteTargetAs2(65000, 999), Red = ExtendedCommunity.RouteTargetAs2(65000, 300), Sbd2 = ExtendedCommunity.RouteTargetAs2(65000, 1999),
        Other = ExtendedCommunity.RouteTargetAs2(65000, 4242), BlueAlias = ExtendedCommunity.RouteTargetAs2(65001, 100);

    private static readonly RouteDistinguisher Rd = RouteDistinguisher.FromIpv4(IPAddress.Parse("10.0.0.12"), 3);
    private static readonly SelectiveMulticastRoute Smet = new(Rd, 0, null, IPAddress.Parse("239.1.1.1"), IPAddress.Parse("10.0.0.12"), MulticastRouteFlags.IgmpV3);
    private static readonly InclusiveMulticastRoute Imet = new(Rd, 0, IPAddress.Parse("10.0.0.12"));

    private static OismRouteTargets Pe()
    {
        var t = new OismRouteTargets();
        t.AddRevenue("tenant1", "blue", Blue);
        t.AddRevenue("tenant1", "blue", BlueAlias);   // a BD importing two RTs
        t.AddRevenue("tenant1", "green", Green);
        t.AddSupplementary("tenant1", Sbd1);
        t.AddRevenue("tenant2", "red", Red);
        t.AddSupplementary("tenant2", Sbd2);
        return t;
    }

    private static PathAttributes With(params ExtendedCommunity[] communities) =>
        new() { ExtendedCommunities = [.. communities, ExtendedCommunity.VxlanEncapsulation] };

    [Fact]
    public void A_route_with_only_the_sbd_route_target_belongs_to_that_tenants_sbd()
    {
        var t = Pe();
        Assert.Equal(new OismRouteBinding(OismRouteBindingKind.Supplementary, "tenant1", null), t.Classify(Smet, With(Sbd1)));
        Assert.Equal(new OismRouteBinding(OismRouteBindingKind.Supplementary, "tenant2", null), t.Classify(Imet, With(Sbd2, Other)));
        Assert.Equal(0, t.Malformed);
    }

    [Fact]
    public void A_route_with_a_bd_route_target_belongs_to_that_bd_even_with_its_tenants_sbd_route_target()
    {
        var t = Pe();
        Assert.Equal(new OismRouteBinding(OismRouteBindingKind.Revenue, "tenant1", null), t.Classify(Imet, With(Blue)));
        Assert.Equal(new OismRouteBinding(OismRouteBindingKind.Revenue, "tenant1", null), t.Classify(Smet, With(Green, Sbd1)));
        // Two RTs of the same BD are one BD: not a conflict.
        Assert.Equal(OismRouteBindingKind.Revenue, t.Classify(Imet, With(Blue, BlueAlias)).Kind);
        Assert.Equal(0, t.Malformed);
    }

    [Theory]
    [InlineData("two SBD route targets", 999, 1999)]
    [InlineData("two BD route targets", 100, 200)]
    [InlineData("a BD route target of tenant tenant1 with the SBD route target of tenant tenant2", 100, 1999)]
    [InlineData("a BD route target of tenant tenant2 with the SBD route target of tenant tenant1", 300, 999)]
    public void Conflicting_route_targets_make_the_route_malformed_treat_as_withdraw_counted_with_the_reason(string reason, uint first, uint second)
    {
        var t = Pe();
        var binding = t.Classify(Smet, With(ExtendedCommunity.RouteTargetAs2(65000, first), ExtendedCommunity.RouteTargetAs2(65000, second)));

        Assert.Equal(OismRouteBindingKind.Malformed, binding.Kind);
        Assert.Contains(reason, binding.Problem);
        Assert.Contains("treat-as-withdraw (RFC 9625 §2.2)", binding.Problem);
        Assert.Equal((1L, binding.Problem), (t.Malformed, t.LastProblem));
    }

    [Fact]
    public void Routes_without_a_tenants_route_target_and_routes_not_of_one_bd_are_left_to_ordinary_import()
    {
        var t = Pe();
        Assert.Equal(OismRouteBindingKind.NotOism, t.Classify(Smet, With(Other)).Kind);
        // A per-ES A-D route carries the RTs of every EVI on its segment (RFC 7432 §8.2): never a conflict here.
        var perEs = new EthernetAutoDiscoveryRoute(Rd, default, uint.MaxValue, 0);
        Assert.Equal(OismRouteBindingKind.NotOism, t.Classify(perEs, With(Blue, Green, Sbd1)).Kind);
        Assert.Equal(OismRouteBindingKind.NotOism, new OismRouteTargets().Classify(Smet, With(Blue, Green)).Kind);
        Assert.Equal(0, t.Malformed);
    }

    [Fact]
    public void An_sbd_sharing_its_route_target_with_a_bd_of_the_tenant_cannot_be_told_apart_so_the_rt_counts_as_the_bds()
    {
        var t = new OismRouteTargets();
        t.AddSupplementary("tenant1", Blue);
        t.AddRevenue("tenant1", "blue", Blue);
        t.AddSupplementary("tenant1", Green);   // the other order: the BD wins likewise
        t.AddRevenue("tenant1", "green", Green);
        Assert.Equal(OismRouteBindingKind.Revenue, t.Classify(Imet, With(Blue)).Kind);
    }
}
