using System.Globalization;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.Topology;

/// <summary>
/// Text forms of the addresses in topology files. The model stores an IPv4 address as a host-order
/// <c>uint</c> and a MAC as the low 48 bits of a <c>ulong</c> (the layout of the wire layer's MAC type),
/// so a 100,000-host fabric holds no address objects.
/// </summary>
public static class AddressSyntax
{
    /// <summary>Strict dotted quad (the wire layer's parser), and no part with a leading zero.</summary>
    public static bool TryParseIpv4(ReadOnlySpan<char> text, out uint address)
    {
        bool ok = Ipv4Address.TryParse(text, out var parsed) && !HasLeadingZero(text);
        address = ok ? parsed.Value : 0;
        return ok;
    }

    /// <summary>
    /// <c>010.0.0.1</c>: inet_aton and friends read a leading zero as octal (8.0.0.1), others as decimal,
    /// so a topology refuses the ambiguity instead of picking one.
    /// </summary>
    public static bool HasLeadingZero(ReadOnlySpan<char> text) => Ipv4Address.HasLeadingZero(text);

    /// <summary>Parses <c>a.b.c.d/len</c>; with <paramref name="prefixOptional"/> a bare address means /32.</summary>
    public static bool TryParseIpv4Prefix(ReadOnlySpan<char> text, bool prefixOptional, out uint address, out int prefixLength)
    {
        prefixLength = 32;
        int slash = text.IndexOf('/');
        if (slash < 0)
            return TryParseIpv4(text, out address) && prefixOptional;
        if (!TryParseIpv4(text[..slash], out address)) return false;
        var len = text[(slash + 1)..];
        if (len.Length is 0 or > 2) return false;
        foreach (var c in len) if (!char.IsAsciiDigit(c)) return false;
        prefixLength = int.Parse(len, CultureInfo.InvariantCulture);
        return prefixLength <= 32;
    }

    public static string FormatIpv4(uint address) => new Ipv4Address(address).ToString();

    public static string FormatIpv4Prefix(uint address, int prefixLength) =>
        string.Create(CultureInfo.InvariantCulture, $"{FormatIpv4(address)}/{prefixLength}");

    /// <summary>
    /// An IPv6 address, with an optional <c>/len</c> (-1 when absent); no zone index. The model keeps IPv6 addresses
    /// as a <c>UInt128</c> (network order: the first octet is the most significant).
    /// </summary>
    public static bool TryParseIpv6(string text, out UInt128 address, out int prefixLength)
    {
        address = 0;
        prefixLength = -1;
        if (!text.Contains(':')) return false;
        if (!AddressPrefix.TryParse(text, out var asPrefix) || !asPrefix.IsIpv6) return false;
        int slash = text.IndexOf('/');
        if (!AddressPrefix.TryParse(slash < 0 ? text : text[..slash], out var host)) return false;
        address = host.Address;
        if (slash >= 0) prefixLength = asPrefix.Length;
        return true;
    }

    public static string FormatIpv6(UInt128 address) => ToIpv6(address).ToString();

    public static Ipv6Address ToIpv6(UInt128 address) => new((ulong)(address >> 64), (ulong)address);

    /// <summary>The mask of an IPv6 prefix length (0..128) over a <c>UInt128</c> address.</summary>
    public static UInt128 PrefixMask6(int prefixLength) => prefixLength == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - prefixLength);

    public static uint PrefixMask(int prefixLength) => prefixLength == 0 ? 0u : uint.MaxValue << (32 - prefixLength);

    /// <summary>Accepts <c>aa:bb:cc:dd:ee:ff</c>, <c>aa-bb-cc-dd-ee-ff</c> and <c>aabb.ccdd.eeff</c>.</summary>
    public static bool TryParseMac(ReadOnlySpan<char> text, out ulong mac)
    {
        mac = 0;
        int digits = 0;
        foreach (var c in text)
        {
            if (c is ':' or '-' or '.') continue;
            if (!char.IsAsciiHexDigit(c) || digits == 12) return false;
            mac = (mac << 4) | (uint)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
            digits++;
        }
        return digits == 12;
    }

    public static string FormatMac(ulong mac) => string.Create(17, mac, static (span, value) =>
    {
        for (int i = 0; i < 6; i++)
        {
            var b = (int)(value >> (40 - 8 * i)) & 0xFF;
            span[i * 3] = Hex(b >> 4);
            span[i * 3 + 1] = Hex(b & 0xF);
            if (i < 5) span[i * 3 + 2] = ':';
        }
    });

    /// <summary>I/G bit set: a group address cannot be a host's MAC.</summary>
    public static bool IsMulticastMac(ulong mac) => ((mac >> 40) & 1) != 0;

    private static char Hex(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
}
