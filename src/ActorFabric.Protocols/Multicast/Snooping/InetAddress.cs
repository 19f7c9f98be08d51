using System.Net;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Multicast.Snooping;

/// <summary>
/// An IPv4 or IPv6 address as a 17-byte value, so snooping state keys on groups and sources of both families
/// without allocating on the per-frame path. IPv4 sits in <see cref="Low"/>; ordering is family, then numeric.
/// </summary>
public readonly record struct InetAddress(IpFamily Family, ulong High, ulong Low) : IComparable<InetAddress>
{
    public static InetAddress FromIpv4(Ipv4Address address) => new(IpFamily.V4, 0, address.Value);

    public static InetAddress FromIpv6(Ipv6Address address) => new(IpFamily.V6, address.High, address.Low);

    public static InetAddress FromIPAddress(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? FromIpv6(Ipv6Address.FromIPAddress(address))
            : FromIpv4(Ipv4Address.FromIPAddress(address));

    public static InetAddress Parse(string text) => FromIPAddress(IPAddress.Parse(text));

    public bool IsMulticast => Family == IpFamily.V4 ? new Ipv4Address((uint)Low).IsMulticast : (High >> 56) == 0xFF;

    /// <summary>
    /// Groups snooping never prunes (they flood like broadcast): 224.0.0.0/24 (RFC 4541 §2.1.2) and, for IPv6,
    /// every group of link-local scope ff02::/16 (RFC 4541 §3, RFC 4291 §2.7 scope 2).
    /// </summary>
    public bool IsLinkLocalMulticast => Family == IpFamily.V4
        ? new Ipv4Address((uint)Low).IsLinkLocalMulticast
        : (High >> 48) == 0xFF02;

    public IPAddress ToIPAddress() => Family == IpFamily.V4
        ? new Ipv4Address((uint)Low).ToIPAddress()
        : new Ipv6Address(High, Low).ToIPAddress();

    public int CompareTo(InetAddress other) =>
        Family != other.Family ? Family.CompareTo(other.Family)
        : High != other.High ? High.CompareTo(other.High)
        : Low.CompareTo(other.Low);

    public override string ToString() => ToIPAddress().ToString();
}
