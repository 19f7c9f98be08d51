using ActorFabric.Protocols.Evpn.Multihoming;
using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Tests.Evpn.Multihoming;

public class DfElectionNegotiationTests
{
    private static ExtendedCommunity? Ec(byte algorithm, ushort bitmap = 0, ushort preference = 0) =>
        ExtendedCommunity.DfElection(algorithm, bitmap, preference);

    [Fact]
    public void Every_route_asking_for_hrw_agrees_on_hrw()
    {
        Assert.Equal(new DfAgreement(DfAlgorithm.HighestRandomWeight, DfCapabilities.None), DfElectionNegotiation.Agree([Ec(1), Ec(1), Ec(1)]));
    }

    [Fact]
    public void One_route_without_the_ec_falls_back_to_modulo_without_capabilities()
    {
        Assert.Equal(DfAgreement.Default, DfElectionNegotiation.Agree([Ec(1, 0x4000), null, Ec(1, 0x4000)]));
    }

    [Fact]
    public void Routes_asking_for_different_algorithms_fall_back_to_modulo()
    {
        Assert.Equal(DfAgreement.Default, DfElectionNegotiation.Agree([Ec(2, 0, 100), Ec(3, 0, 100)]));
    }

    [Fact]
    public void Matching_ac_influenced_bits_are_agreed_and_a_mismatch_falls_back()
    {
        Assert.Equal(new DfAgreement(DfAlgorithm.HighestRandomWeight, DfCapabilities.AcInfluenced), DfElectionNegotiation.Agree([Ec(1, 0x4000), Ec(1, 0x4000)]));
        Assert.Equal(DfAgreement.Default, DfElectionNegotiation.Agree([Ec(1, 0x4000), Ec(1, 0)]));
    }

    [Fact]
    public void Preference_routes_that_differ_only_in_dont_preempt_still_agree()
    {
        // RFC 9785 §4.1 breaks ties on the D bit, so PEs must be able to differ on it.
        Assert.Equal(new DfAgreement(DfAlgorithm.HighestPreference, DfCapabilities.None), DfElectionNegotiation.Agree([Ec(2, 0x8000, 10), Ec(2, 0, 20)]));
    }

    [Fact]
    public void An_algorithm_everyone_names_but_nobody_defines_here_falls_back_to_modulo()
    {
        Assert.Equal(DfAgreement.Default, DfElectionNegotiation.Agree([Ec(31), Ec(31)]));
    }

    [Fact]
    public void A_route_with_two_df_election_ecs_counts_as_having_none()
    {
        var twice = new PathAttributes { ExtendedCommunities = [ExtendedCommunity.DfElection(1, 0), ExtendedCommunity.DfElection(1, 0)] };
        var once = new PathAttributes { ExtendedCommunities = [ExtendedCommunity.RouteTargetAs2(65000, 1), ExtendedCommunity.DfElection(1, 0)] };
        Assert.Null(DfElectionCommunity.Single(twice));
        Assert.Equal(ExtendedCommunity.DfElection(1, 0), DfElectionCommunity.Single(once));
        Assert.Equal(DfAgreement.Default, DfElectionNegotiation.Agree([DfElectionCommunity.Single(once), DfElectionCommunity.Single(twice)]));
    }

    [Fact]
    public void The_local_ec_carries_preference_and_d_bit_only_for_the_preference_algorithms()
    {
        Assert.Equal(ExtendedCommunity.DfElection(2, 0x8000, 500), DfElectionCommunity.ForLocal(DfAlgorithm.HighestPreference, 500, dontPreempt: true));
        Assert.Equal(ExtendedCommunity.DfElection(1, 0, 0), DfElectionCommunity.ForLocal(DfAlgorithm.HighestRandomWeight, 500, dontPreempt: true));
        // Octets 2..7 on the wire: 06 06 | alg | bitmap(2) | reserved | preference(2).
        Assert.Equal(0x0606_03_8000_00_0064UL, DfElectionCommunity.ForLocal(DfAlgorithm.LowestPreference, 100, dontPreempt: true).Value);
    }
}
