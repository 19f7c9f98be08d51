using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace ActorFabric.Wire.Packets;

/// <summary>An IPv6 address as two host-order <see cref="ulong"/> halves; a value type for allocation-free headers.</summary>
public readonly struct Ipv6Address : IEquatable<Ipv6Address>, IComparable<Ipv6Address>
{
    public const int Length = 16;

    public ulong High { get; }
    public ulong Low { get; }

    public Ipv6Address(ulong high, ulong low)
    {
        High = high;
        Low = low;
    }

    public static Ipv6Address Read(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(source), BinaryPrimitives.ReadUInt64BigEndian(source[8..]));

    public void Write(Span<byte> destination)
    {
        _ = destination[15];
        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Low);
    }

    /// <summary>ff00::/8 (RFC 4291 §2.7).</summary>
    public bool IsMulticast => (High >> 56) == 0xFF;

    public static Ipv6Address FromIPAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            throw new ArgumentException($"{address} is not an IPv6 address", nameof(address));
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        return Read(bytes);
    }

    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        Write(bytes);
        return new IPAddress(bytes);
    }

    public static Ipv6Address Parse(string text) =>
        IPAddress.TryParse(text, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6
            ? FromIPAddress(ip)
            : throw new FormatException($"'{text}' is not an IPv6 address");

    public override string ToString() => ToIPAddress().ToString();

    public bool Equals(Ipv6Address other) => High == other.High && Low == other.Low;
    public override bool Equals(object? obj) => obj is Ipv6Address other && Equals(other);
    public override int GetHashCode() => (High ^ (Low * 31)).GetHashCode();
    public int CompareTo(Ipv6Address other) => High != other.High ? High.CompareTo(other.High) : Low.CompareTo(other.Low);
    public static bool operator ==(Ipv6Address left, Ipv6Address right) => left.Equals(right);
    public static bool operator !=(Ipv6Address left, Ipv6Address right) => !left.Equals(right);
}
