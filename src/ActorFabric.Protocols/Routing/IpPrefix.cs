using System.Net;
using System.Net.Sockets;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Routing;

/// <summary>
/// An IPv4 or IPv6 prefix as a value: 128 address bits in two host-order halves (an IPv4 address sits in the top
/// 32 bits of <see cref="High"/>, so a prefix length always counts from the most significant bit in both families),
/// the length, and the family. The address is kept as given: an IRB's "10.1.1.1/24" is its gateway address and
/// subnet length in one value; <see cref="Network"/> masks it. Allocation-free to build, mask and compare.
/// </summary>
public readonly record struct IpPrefix
{
    private IpPrefix(ulong high, ulong low, byte length, bool isIpv6)
    {
        High = high;
        Low = low;
        Length = length;
        IsIpv6 = isIpv6;
    }

    public ulong High { get; }
    public ulong Low { get; }
    public byte Length { get; }
    public bool IsIpv6 { get; }
    public int MaxLength => IsIpv6 ? 128 : 32;
    /// <summary>A /32 or /128: one host.</summary>
    public bool IsHost => Length == MaxLength;

    public static IpPrefix Ipv4(Ipv4Address address, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, 32);
        return new((ulong)address.Value << 32, 0, (byte)length, false);
    }

    public static IpPrefix Ipv6(Ipv6Address address, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, 128);
        return new(address.High, address.Low, (byte)length, true);
    }

    public static IpPrefix Host(Ipv4Address address) => Ipv4(address, 32);
    public static IpPrefix Host(Ipv6Address address) => Ipv6(address, 128);

    public static IpPrefix FromIPAddress(IPAddress address, int length)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily == AddressFamily.InterNetworkV6
            ? Ipv6(Ipv6Address.FromIPAddress(address), length)
            : Ipv4(Ipv4Address.FromIPAddress(address), length);
    }

    public static IpPrefix Host(IPAddress address) =>
        FromIPAddress(address, address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32);

    /// <summary>Parses "10.1.1.1/24" or "2001:db8::1/64"; without "/len" a host prefix.</summary>
    public static IpPrefix Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int slash = text.IndexOf('/');
        var address = IPAddress.Parse(slash < 0 ? text : text[..slash]);
        if (slash < 0) return Host(address);
        return FromIPAddress(address, int.Parse(text.AsSpan(slash + 1), System.Globalization.CultureInfo.InvariantCulture));
    }

    public Ipv4Address Ipv4Address => new((uint)(High >> 32));
    public Ipv6Address Ipv6Address => new(High, Low);

    /// <summary>The prefix with every bit past <see cref="Length"/> cleared (10.1.1.1/24 → 10.1.1.0/24).</summary>
    public IpPrefix Network => Masked(High, Low, Length, IsIpv6);

    /// <summary>The same address with another length, e.g. the /32 of an IRB's gateway address.</summary>
    public IpPrefix WithLength(int length) => IsIpv6 ? Ipv6(Ipv6Address, length) : Ipv4(Ipv4Address, length);

    public bool Contains(Ipv4Address address) => !IsIpv6 && Masked((ulong)address.Value << 32, 0, Length, false) == Network;
    public bool Contains(Ipv6Address address) => IsIpv6 && Masked(address.High, address.Low, Length, true) == Network;

    /// <summary>The address bits as an <see cref="IPAddress"/> (allocates: for route codecs and display, not lookups).</summary>
    public IPAddress ToIPAddress() => IsIpv6 ? Ipv6Address.ToIPAddress() : Ipv4Address.ToIPAddress();

    /// <summary>The all-zero address of this family (the "no gateway" GW IP of a type-5 route, RFC 9136 §3.1).</summary>
    public IPAddress ZeroAddress() => IsIpv6 ? IPAddress.IPv6Any : IPAddress.Any;

    internal static IpPrefix Masked(ulong high, ulong low, byte length, bool isIpv6)
    {
        ulong highMask = length >= 64 ? ulong.MaxValue : length == 0 ? 0 : ulong.MaxValue << (64 - length);
        ulong lowMask = length <= 64 ? 0 : length >= 128 ? ulong.MaxValue : ulong.MaxValue << (128 - length);
        return new(high & highMask, low & lowMask, length, isIpv6);
    }

    public override string ToString() => IsIpv6 ? $"{Ipv6Address}/{Length}" : $"{Ipv4Address}/{Length}";
}
