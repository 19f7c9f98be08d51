using System.Net;
using ActorFabric.Protocols.Bgp.Session;

namespace ActorFabric.Protocols.Bgp.Speaker;

/// <summary>
/// A prefix from which peers may connect without prior configuration; each accepted peer gets
/// <see cref="Template"/> with its address filled in (passive). <c>--accept 127.0.0.0/8</c> is one of these.
/// </summary>
public sealed record BgpListenRange(IPAddress Prefix, int PrefixLength, BgpSessionConfig Template)
{
    public static BgpListenRange Parse(string cidr, BgpSessionConfig template)
    {
        var slash = cidr.IndexOf('/');
        var address = IPAddress.Parse(slash < 0 ? cidr : cidr[..slash]);
        int bits = address.GetAddressBytes().Length * 8;
        int length = slash < 0 ? bits : int.Parse(cidr[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        if (length < 0 || length > bits) throw new FormatException($"'{cidr}' has a bad prefix length");
        return new BgpListenRange(address, length, template);
    }

    public bool Contains(IPAddress address)
    {
        var a = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        var p = Prefix.GetAddressBytes();
        var b = a.GetAddressBytes();
        if (p.Length != b.Length) return false;
        int full = PrefixLength / 8, rest = PrefixLength % 8;
        for (int i = 0; i < full; i++) if (p[i] != b[i]) return false;
        if (rest == 0) return true;
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (p[full] & mask) == (b[full] & mask);
    }

    public override string ToString() => $"{Prefix}/{PrefixLength}";
}
