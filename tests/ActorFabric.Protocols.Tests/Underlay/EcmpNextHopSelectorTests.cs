using ActorFabric.Protocols.Underlay;
using ActorFabric.Wire.Hashing;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Tests.Underlay;

public class EcmpNextHopSelectorTests
{
    private static readonly Ipv4Address Source = Ipv4Address.Parse("10.1.1.1");
    private static readonly Ipv4Address Destination = Ipv4Address.Parse("10.1.1.2");

    [Fact]
    public void Flows_spread_roughly_evenly_over_the_members_and_stay_in_range()
    {
        var counts = new int[4];
        for (ushort port = 0; port < 4000; port++)
            counts[EcmpNextHopSelector.SelectIndex(4, FlowHash.OfIpv4FiveTuple(Source, Destination, IpProtocol.Udp, port, 4789), seed: 0x0A00_0001)]++;
        foreach (int count in counts) Assert.InRange(count, 800, 1200);
    }

    [Fact]
    public void One_member_is_always_chosen_and_an_empty_set_is_refused()
    {
        Assert.Equal(0, EcmpNextHopSelector.SelectIndex(1, uint.MaxValue, seed: 7));
        Assert.Throws<ArgumentOutOfRangeException>(() => EcmpNextHopSelector.SelectIndex(0, 1));
    }

    [Fact]
    public void Routers_with_different_seeds_split_the_same_flows_differently()
    {
        // A per-router seed keeps successive tiers from all taking the same member index (hash polarisation).
        int same = 0;
        for (ushort port = 0; port < 2000; port++)
        {
            uint hash = FlowHash.OfIpv4FiveTuple(Source, Destination, IpProtocol.Udp, port, 4789);
            if (EcmpNextHopSelector.SelectIndex(2, hash, seed: 0x0A00_0001) == EcmpNextHopSelector.SelectIndex(2, hash, seed: 0x0A00_0002)) same++;
        }
        Assert.InRange(same, 800, 1200);
    }
}
