using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace ActorFabric.Wire.Packets;

/// <summary>
/// An IPv4 address as a host-order <see cref="uint"/> (first octet most significant). Chosen over
/// <see cref="IPAddress"/> because it is a 4-byte value type: no allocation on hot paths, and
/// numeric ordering equals wire ordering. Convert with <see cref="FromIPAddress"/>/<see cref="ToIPAddress"/>.
/// </summary>
public readonly struct Ipv4Address : IEquatable<Ipv4Address>, IComparable<Ipv4Address>
{
    public const int Length = 4;

    public static readonly Ipv4Address Any = default;
    public static readonly Ipv4Address Broadcast = new(0xFFFF_FFFF);
    /// <summary>224.0.0.1, all systems (IGMP general queries go here, RFC 2236 §2).</summary>
    public static readonly Ipv4Address AllSystems = new(0xE000_0001);
    /// <summary>224.0.0.2, all routers (IGMPv2 Leave Group goes here, RFC 2236 §3).</summary>
    public static readonly Ipv4Address AllRouters = new(0xE000_0002);
    /// <summary>224.0.0.22, IGMPv3-capable routers (v3 reports go here, RFC 3376 §4.2.14).</summary>
    public static readonly Ipv4Address AllIgmpv3Routers = new(0xE000_0016);

    public uint Value { get; }

    public Ipv4Address(uint value) => Value = value;

    public Ipv4Address(byte a, byte b, byte c, byte d) => Value = (uint)(a << 24 | b << 16 | c << 8 | d);

    public static Ipv4Address Read(ReadOnlySpan<byte> source) => new(BinaryPrimitives.ReadUInt32BigEndian(source));

    public void Write(Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, Value);

    /// <summary>224.0.0.0/4 (RFC 5771).</summary>
    public bool IsMulticast => (Value & 0xF000_0000) == 0xE000_0000;
    /// <summary>224.0.0.0/24, link-local multicast: always flooded, never snooped.</summary>
    public bool IsLinkLocalMulticast => (Value & 0xFFFF_FF00) == 0xE000_0000;
    public bool IsBroadcast => Value == 0xFFFF_FFFF;

    public static Ipv4Address FromIPAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetwork)
            throw new ArgumentException($"{address} is not an IPv4 address", nameof(address));
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return Read(bytes);
    }

    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[4];
        Write(bytes);
        return new IPAddress(bytes);
    }

    public static Ipv4Address Parse(string text) =>
        TryParse(text, out var address) ? address : throw new FormatException($"'{text}' is not an IPv4 address");

    /// <summary>Parses strict dotted-quad "a.b.c.d" (each part 0-255, no leading '+', no shorthand).</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Ipv4Address address) => TryParse(text.AsSpan(), out address);

    public static bool TryParse(ReadOnlySpan<char> text, out Ipv4Address address)
    {
        address = default;
        uint value = 0;
        int parts = 0, i = 0;
        while (parts < 4)
        {
            int start = i, part = 0;
            while (i < text.Length && text[i] >= '0' && text[i] <= '9' && i - start < 3)
                part = part * 10 + (text[i++] - '0');
            if (i == start || part > 255) return false;
            value = (value << 8) | (uint)part;
            parts++;
            if (parts < 4)
            {
                if (i >= text.Length || text[i] != '.') return false;
                i++;
            }
        }
        if (i != text.Length) return false;
        address = new Ipv4Address(value);
        return true;
    }

    /// <summary>
    /// A part with a leading zero (<c>010.0.0.1</c>): inet_aton and friends read it as octal (8.0.0.1), others as
    /// decimal, so text written by people is refused rather than read one way.
    /// </summary>
    public static bool HasLeadingZero(ReadOnlySpan<char> text)
    {
        for (int i = 0; i + 1 < text.Length; i++)
            if (text[i] == '0' && (i == 0 || text[i - 1] == '.') && char.IsAsciiDigit(text[i + 1])) return true;
        return false;
    }

    public override string ToString() =>
        $"{Value >> 24}.{(Value >> 16) & 0xFF}.{(Value >> 8) & 0xFF}.{Value & 0xFF}";

    public bool Equals(Ipv4Address other) => Value == other.Value;
    public override bool Equals(object? obj) => obj is Ipv4Address other && Equals(other);
    // Process-local use only (dictionaries); never let this pick a path — see Hashing/.
    public override int GetHashCode() => Value.GetHashCode();
    public int CompareTo(Ipv4Address other) => Value.CompareTo(other.Value);
    public static bool operator ==(Ipv4Address left, Ipv4Address right) => left.Value == right.Value;
    public static bool operator !=(Ipv4Address left, Ipv4Address right) => left.Value != right.Value;
    public static bool operator <(Ipv4Address left, Ipv4Address right) => left.Value < right.Value;
    public static bool operator >(Ipv4Address left, Ipv4Address right) => left.Value > right.Value;
}
