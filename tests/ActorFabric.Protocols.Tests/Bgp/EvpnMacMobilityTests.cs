using System.Net;
using ActorFabric.Protocols.Bgp.Rib;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Packets;
using static ActorFabric.Protocols.Tests.Bgp.BgpTestData;

namespace ActorFabric.Protocols.Tests.Bgp;

public class EvpnMacMobilityTests
{
    private static readonly BgpPathSource Source = new(1, IPAddress.Parse("192.0.2.1"));

    /// <summary>A type-2 route for MAC 02:00:00:00:00:01 advertised by the PE at <paramref name="pe"/> (its own RD).</summary>
    private static BgpPath From(string pe, uint? sequence = null, bool sticky = false)
    {
        var attributes = sequence is null && !sticky ? Attributes() : Attributes(10100, ExtendedCommunity.MacMobility(sequence ?? 0, sticky));
        return new BgpPath(MacRoute(pe, 1), attributes, IPAddress.Parse(pe), Source);
    }

    [Fact]
    public void Higher_sequence_number_wins_and_absent_counts_as_zero()
    {
        var moved = From("10.0.0.2", 1);
        var original = From("10.0.0.1");
        Assert.Same(moved, EvpnMacMobility.SelectWinner([original, moved]));
        Assert.Same(moved, EvpnMacMobility.SelectWinner([moved, original]));
    }

    [Fact]
    public void Sticky_mac_beats_any_sequence_number()
    {
        var sticky = From("10.0.0.9", 0, sticky: true);
        Assert.Same(sticky, EvpnMacMobility.SelectWinner([From("10.0.0.1", 100), sticky]));
    }

    [Fact]
    public void Sequence_comparison_survives_wrap_around()
    {
        var wrapped = From("10.0.0.2", 2);
        var old = From("10.0.0.1", uint.MaxValue - 1);
        Assert.Same(wrapped, EvpnMacMobility.SelectWinner([old, wrapped]));
        Assert.True(EvpnMacMobility.IsNewer(1, uint.MaxValue));
        Assert.False(EvpnMacMobility.IsNewer(uint.MaxValue, 1));
    }

    [Fact]
    public void Equal_sequence_numbers_go_to_the_lower_pe_address()
    {
        var low = From("10.0.0.1", 3);
        var high = From("10.0.0.2", 3);
        Assert.Same(low, EvpnMacMobility.SelectWinner([high, low]));
    }

    [Fact]
    public void Resolver_follows_loc_rib_changes_across_route_distinguishers()
    {
        var resolver = new EvpnMacResolver();
        var first = From("10.0.0.1");
        var moved = From("10.0.0.2", 1);
        resolver.Apply(new LocRibChange(first.Route, null, first));
        Assert.Same(first, resolver.Resolve(new MacAddress(0x0200_0000_0001)));
        resolver.Apply(new LocRibChange(moved.Route, null, moved));
        Assert.Same(moved, resolver.Resolve(new MacAddress(0x0200_0000_0001)));
        Assert.Equal(2, resolver.Candidates(new MacAddress(0x0200_0000_0001)).Count);
        resolver.Apply(new LocRibChange(moved.Route, moved, null));
        Assert.Same(first, resolver.Resolve(new MacAddress(0x0200_0000_0001)));
    }

    [Fact]
    public void Speaker_feeds_its_mac_resolver_when_asked_to()
    {
        var speaker = new ActorFabric.Protocols.Bgp.Speaker.BgpSpeaker(new() { LocalAs = Asn, RouterId = Id("10.0.0.1"), TrackMacMobility = true });
        var route = MacRoute("10.0.0.1", 1);
        speaker.Originate(route, Attributes(), IPAddress.Parse("10.0.0.1"), TimeSpan.Zero);
        Assert.Equal(route, speaker.MacResolver!.Resolve(route.Mac)!.Route);
    }
}
