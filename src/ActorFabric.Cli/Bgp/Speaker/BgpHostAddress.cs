using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Cli.Bgp.Speaker;

/// <summary>
/// IPv4 address ↔ BGP identifier (big-endian uint) and the strict parsing of the speaker's addresses: dotted quads
/// only (the Wire layer's <see cref="Ipv4Address"/> parser), never the legacy <c>inet_aton</c> forms that
/// <see cref="IPAddress.Parse(string)"/> accepts ("1.2.3" = 1.2.0.3, "10.1" = 10.0.0.1).
/// </summary>
public static class BgpHostAddress
{
    public static uint ToUInt(IPAddress address)
    {
        Span<byte> b = stackalloc byte[4];
        if (!address.TryWriteBytes(b, out int n) || n != 4) throw new FormatException($"{address} is not an IPv4 address");
        return BinaryPrimitives.ReadUInt32BigEndian(b);
    }

    public static IPAddress FromUInt(uint value) => new(new[] { (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value });

    public static string Format(uint value) => $"{value >> 24}.{(value >> 16) & 0xFF}.{(value >> 8) & 0xFF}.{value & 0xFF}";

    /// <summary>A dotted-quad IPv4 address; <paramref name="what"/> names the field in the error.</summary>
    public static IPAddress ParseIpv4(string? text, string what)
    {
        if (!Ipv4Address.TryParse(text, out var a)) throw new FormatException($"{what} '{Shorten(text)}' is not an IPv4 address (a.b.c.d)");
        return a.ToIPAddress();
    }

    /// <summary>An IPv4 dotted quad, or an IPv6 address (text with a colon).</summary>
    public static IPAddress ParseIp(string text, string what)
    {
        if (!text.Contains(':')) return ParseIpv4(text, what);
        if (IPAddress.TryParse(text, out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6) return v6;
        throw new FormatException($"{what} '{Shorten(text)}' is not an IPv4 or IPv6 address");
    }

    /// <summary>
    /// <c>ADDR:PORT</c> with a dotted-quad address, or <c>ADDR</c> alone (port <paramref name="defaultPort"/>, BGP's
    /// 179 unless given). Port 0 (any free port) only when <paramref name="allowAnyPort"/>.
    /// </summary>
    public static IPEndPoint ParseEndpoint(string text, int defaultPort = 179, string what = "address", bool allowAnyPort = true)
    {
        var colon = text.LastIndexOf(':');
        var host = colon < 0 ? text : text[..colon];
        if (!Ipv4Address.TryParse(host, out var a)) throw new FormatException($"{what} '{Shorten(text)}' is not ADDR:PORT with an IPv4 address (a.b.c.d:port)");
        int port = defaultPort;
        if (colon >= 0 && (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535))
            throw new FormatException($"{what} '{Shorten(text)}': the port must be a number from {(allowAnyPort ? 0 : 1)} to 65535");
        if (port == 0 && !allowAnyPort) throw new FormatException($"{what} '{Shorten(text)}': the port must be a number from 1 to 65535");
        return new IPEndPoint(a.ToIPAddress(), port);
    }

    /// <summary>An IPv4 prefix <c>a.b.c.d/len</c> (or a lone address, /32), normalised text for <c>BgpListenRange</c>.</summary>
    public static string ParseCidr(string text, string what)
    {
        var slash = text.IndexOf('/');
        var address = ParseIpv4(slash < 0 ? text : text[..slash], what);
        int length = 32;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > 32))
            throw new FormatException($"{what} '{Shorten(text)}': the prefix length must be 0 to 32");
        return $"{address}/{length}";
    }

    /// <summary>User input quoted in an error, cut to a bounded length (errors never echo input unbounded).</summary>
    public static string Shorten(string? text, int max = 64) =>
        text is null ? "" : text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");
}
