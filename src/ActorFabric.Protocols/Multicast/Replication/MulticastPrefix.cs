using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ActorFabric.Protocols.Multicast.Replication;

/// <summary>An IPv4 or IPv6 prefix matched against multicast groups or sources ("orlonger": any address under it).</summary>
public readonly record struct MulticastPrefix(UInt128 Address, int Length, bool IsIpv6)
{
    public static MulticastPrefix Of(IPAddress address, int length)
    {
        ArgumentNullException.ThrowIfNull(address);
        bool v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        if (length < 0 || length > (v6 ? 128 : 32)) throw new ArgumentOutOfRangeException(nameof(length));
        return new(MulticastFlow.ToNumber(address), length, v6);
    }

    /// <summary>Parses "233.252.0.0/24", "ffe9::2:1/112" or a bare address (a host prefix).</summary>
    public static MulticastPrefix Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        var address = IPAddress.Parse(slash < 0 ? text : text[..slash]);
        int length = slash < 0
            ? (address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32)
            : int.Parse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture);
        return Of(address, length);
    }

    /// <summary>Whether <paramref name="address"/> of the given family lies under this prefix (host bits of the prefix ignored).</summary>
    public bool Contains(UInt128 address, bool ipv6)
    {
        if (ipv6 != IsIpv6) return false;
        int shift = (IsIpv6 ? 128 : 32) - Length;
        return shift >= 128 || (address >> shift) == (Address >> shift);
    }

    public override string ToString() => $"{MulticastFlow.ToAddress(Address, IsIpv6)}/{Length}";
}
