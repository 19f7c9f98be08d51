using ActorFabric.Wire.Bgp;

namespace ActorFabric.Wire.Tests.Bgp;

public class RouteTargetTextTests
{
    [Theory]
    [InlineData("65000:100", 0x0002_FDE8_0000_0064UL)]
    [InlineData("65535:4294967295", 0x0002_FFFF_FFFF_FFFFUL)]
    [InlineData("10.0.0.1:100", 0x0102_0A00_0001_0064UL)]
    [InlineData("4200000000:7", 0x0202_FA56_EA00_0007UL)]
    public void Each_layout_parses_to_its_octets_and_prints_back(string text, ulong octets)
    {
        Assert.True(ExtendedCommunityText.TryParseRouteTarget(text, out var rt, out var error));
        Assert.Null(error);
        Assert.Equal(octets, rt.Value);
        Assert.True(rt.IsRouteTarget);
        Assert.Equal("RT:" + text, rt.ToString());
    }

    [Theory]
    [InlineData("65000", "expected ADMIN:NUMBER")]
    [InlineData(":5", "expected ADMIN:NUMBER")]
    [InlineData("65000:", "expected ADMIN:NUMBER")]
    [InlineData("1.2.3:4", "not an IPv4 address")]
    [InlineData("010.0.0.1:4", "leading zero")]
    [InlineData("10.0.0.1:65536", "2 octets (0 to 65535)")]
    [InlineData("4200000000:65536", "2 octets (0 to 65535)")]
    [InlineData("65000:4294967296", "0 to 4294967295")]
    [InlineData("as65000:1", "not an AS number")]
    [InlineData("4294967296:1", "not an AS number")]
    public void Malformed_text_is_refused_with_the_reason(string text, string reason)
    {
        Assert.False(ExtendedCommunityText.TryParseRouteTarget(text, out _, out var error));
        Assert.Contains(reason, error);
        Assert.Contains(reason, Assert.Throws<FormatException>(() => ExtendedCommunityText.ParseRouteTarget(text)).Message);
    }
}
