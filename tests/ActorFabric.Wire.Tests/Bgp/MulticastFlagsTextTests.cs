using ActorFabric.Wire.Bgp;

namespace ActorFabric.Wire.Tests.Bgp;

/// <summary>
/// The Multicast Flags EC bits are named at the positions of the IANA "Multicast Flags Extended Community" registry
/// (bit 0 = most significant of the 16-bit field): a mask names exactly one bit.
/// </summary>
public class MulticastFlagsTextTests
{
    [Theory]
    [InlineData((ushort)0x0001, "I:igmp-proxy")]        // bit 15, RFC 9251
    [InlineData((ushort)0x0002, "M:mld-proxy")]         // bit 14, RFC 9251
    [InlineData((ushort)0x0004, "extended-mh-ar")]      // bit 13, draft-ietf-bess-extended-evpn-optimized-ir
    [InlineData((ushort)0x0008, "oism")]                // bit 12, RFC 9625
    [InlineData((ushort)0x0010, "peg")]                 // bit 11, RFC 9625
    [InlineData((ushort)0x0020, "meg")]                 // bit 10, RFC 9625
    [InlineData((ushort)0x0040, "ipmg")]                // bit 9, RFC 9625
    [InlineData((ushort)0x0080, "segmentation")]        // bit 8, RFC 9572 (not Extended-MH-AR)
    [InlineData((ushort)0x0100, "oism-sbd")]            // bit 7, RFC 9625
    [InlineData((ushort)0x0800, "single-flow-group")]   // bit 4, RFC 9856
    public void Each_registered_bit_has_its_name_at_the_iana_position(ushort mask, string name) =>
        Assert.Equal([name], ExtendedCommunityText.MulticastFlagNames(mask));

    [Fact]
    public void Bits_are_listed_from_the_most_significant_and_an_unregistered_one_by_number()
    {
        // A replicator in extended AR mode with IGMP and MLD proxy: 0x0007 on its Replicator-AR route.
        Assert.Equal(["extended-mh-ar", "M:mld-proxy", "I:igmp-proxy"], ExtendedCommunityText.MulticastFlagNames(0x0007));
        Assert.Equal(["bit-0"], ExtendedCommunityText.MulticastFlagNames(0x8000));
    }
}
