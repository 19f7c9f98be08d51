using System.Net;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Wire.Tests.Packets;

public class AddressTests
{
    [Fact]
    public void Mac_address_parses_formats_and_round_trips_through_bytes()
    {
        var mac = MacAddress.Parse("02:AB:cd:00:11:ff");
        Assert.Equal(0x02AB_CD00_11FFUL, mac.Value);
        Assert.Equal("02:ab:cd:00:11:ff", mac.ToString());
        Span<byte> bytes = stackalloc byte[6];
        mac.Write(bytes);
        Assert.Equal("02abcd0011ff", Hex.Of(bytes));
        Assert.Equal(mac, MacAddress.Read(bytes));
        Assert.Equal(mac, MacAddress.Parse("02-ab-cd-00-11-ff"));
        Assert.Equal(mac, MacAddress.Parse("02ab.cd00.11ff"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("02:ab:cd:00:11")]
    [InlineData("02:ab:cd:00:11:fg")]
    [InlineData("02:ab:cd:00:11:ff:00")]
    [InlineData("02 ab cd 00 11 ff")]
    public void Mac_address_rejects_malformed_text(string text) => Assert.False(MacAddress.TryParse(text, out _));

    [Fact]
    public void Mac_address_classifies_broadcast_multicast_and_unicast()
    {
        Assert.True(MacAddress.Broadcast.IsBroadcast);
        Assert.True(MacAddress.Broadcast.IsMulticast);
        Assert.True(MacAddress.Parse("01:00:5e:00:00:01").IsMulticast);
        Assert.False(MacAddress.Parse("01:00:5e:00:00:01").IsBroadcast);
        var unicast = MacAddress.Parse("02:00:00:00:00:01");
        Assert.True(unicast.IsUnicast);
        Assert.True(unicast.IsLocallyAdministered);
        Assert.False(MacAddress.Parse("00:11:22:33:44:55").IsLocallyAdministered);
    }

    [Fact]
    public void Mac_address_orders_like_its_wire_bytes()
    {
        var a = MacAddress.Parse("00:ff:ff:ff:ff:ff");
        var b = MacAddress.Parse("01:00:00:00:00:00");
        Assert.True(a < b);
        Assert.True(a.CompareTo(b) < 0);
        var sorted = new[] { b, a };
        Array.Sort(sorted);
        Assert.Equal(new[] { a, b }, sorted);
    }

    [Fact]
    public void Multicast_macs_map_the_low_bits_of_the_group()
    {
        Assert.Equal("01:00:5e:7f:00:01", MacAddress.ForIpv4Multicast(Ipv4Address.Parse("239.255.0.1")).ToString());
        Assert.Equal("01:00:5e:00:00:16", MacAddress.ForIpv4Multicast(Ipv4Address.AllIgmpv3Routers).ToString());
        Assert.Equal("33:33:00:00:00:16", MacAddress.ForIpv6Multicast(Ipv6Address.Parse("ff02::16")).ToString());
    }

    [Fact]
    public void Ipv4_address_parses_formats_and_interoperates_with_IPAddress()
    {
        var ip = Ipv4Address.Parse("10.0.255.1");
        Assert.Equal(0x0A00_FF01u, ip.Value);
        Assert.Equal("10.0.255.1", ip.ToString());
        Assert.Equal(IPAddress.Parse("10.0.255.1"), ip.ToIPAddress());
        Assert.Equal(ip, Ipv4Address.FromIPAddress(IPAddress.Parse("10.0.255.1")));
        Assert.True(Ipv4Address.Parse("239.1.1.1").IsMulticast);
        Assert.True(Ipv4Address.Parse("224.0.0.5").IsLinkLocalMulticast);
        Assert.False(Ipv4Address.Parse("239.1.1.1").IsLinkLocalMulticast);
        Assert.True(Ipv4Address.Parse("1.2.3.4") < Ipv4Address.Parse("1.2.3.5"));
    }

    [Theory]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.256")]
    [InlineData("1.2.3.4.5")]
    [InlineData("1..3.4")]
    [InlineData("1.2.3.4 ")]
    [InlineData("1234.1.1.1")]
    public void Ipv4_address_rejects_malformed_text(string text) => Assert.False(Ipv4Address.TryParse(text, out _));

    [Fact]
    public void Ipv6_address_round_trips_through_bytes_and_text()
    {
        var ip = Ipv6Address.Parse("2001:db8::1");
        Span<byte> bytes = stackalloc byte[16];
        ip.Write(bytes);
        Assert.Equal("20010db8000000000000000000000001", Hex.Of(bytes));
        Assert.Equal(ip, Ipv6Address.Read(bytes));
        Assert.Equal("2001:db8::1", ip.ToString());
        Assert.True(Ipv6Address.Parse("ff02::1").IsMulticast);
    }
}
