using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.Hosts;

/// <summary>
/// An IPv4 or IPv6 address as a host's multicast API takes it (a group or a source): a value type, so membership
/// and receive-counter lookups allocate nothing. IPv4 sorts before IPv6.
/// </summary>
public readonly record struct HostAddress : IComparable<HostAddress>
{
    private readonly Ipv6Address _bits; // IPv4: the address in the low 32 bits

    private HostAddress(Ipv6Address bits, bool isIpv6)
    {
        _bits = bits;
        IsIpv6 = isIpv6;
    }

    public bool IsIpv6 { get; }

    public Ipv4Address Ipv4 => IsIpv6 ? throw new InvalidOperationException($"{this} is not an IPv4 address") : new Ipv4Address((uint)_bits.Low);

    public Ipv6Address Ipv6 => IsIpv6 ? _bits : throw new InvalidOperationException($"{this} is not an IPv6 address");

    public bool IsMulticast => IsIpv6 ? _bits.IsMulticast : Ipv4.IsMulticast;

    public bool IsUnspecified => _bits == default;

    public static HostAddress From(Ipv4Address address) => new(new Ipv6Address(0, address.Value), false);

    public static HostAddress From(Ipv6Address address) => new(address, true);

    public static implicit operator HostAddress(Ipv4Address address) => From(address);

    public static implicit operator HostAddress(Ipv6Address address) => From(address);

    public static bool TryParse([NotNullWhen(true)] string? text, out HostAddress address)
    {
        address = default;
        if (!IPAddress.TryParse(text, out var ip)) return false;
        address = ip.AddressFamily == AddressFamily.InterNetworkV6 ? From(Ipv6Address.FromIPAddress(ip)) : From(Ipv4Address.FromIPAddress(ip));
        return true;
    }

    public static HostAddress Parse(string text) =>
        TryParse(text, out var address) ? address : throw new FormatException($"'{text}' is not an IPv4 or IPv6 address");

    public int CompareTo(HostAddress other) => IsIpv6 != other.IsIpv6 ? IsIpv6.CompareTo(other.IsIpv6) : _bits.CompareTo(other._bits);

    public override string ToString() => IsIpv6 ? _bits.ToString() : Ipv4.ToString();

    /// <summary>Writes the address octets (4 or 16) for hashing.</summary>
    internal int Write(Span<byte> destination)
    {
        if (!IsIpv6)
        {
            Ipv4.Write(destination);
            return Ipv4Address.Length;
        }
        _bits.Write(destination);
        return Ipv6Address.Length;
    }
}
