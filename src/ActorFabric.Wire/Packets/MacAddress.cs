using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace ActorFabric.Wire.Packets;

/// <summary>
/// A 48-bit IEEE MAC address packed into the low 48 bits of a <see cref="ulong"/>, first octet
/// most significant, so numeric ordering equals the byte-wise ordering on the wire.
/// </summary>
public readonly struct MacAddress : IEquatable<MacAddress>, IComparable<MacAddress>
{
    public const int Length = 6;
    private const ulong Mask = 0xFFFF_FFFF_FFFFUL;

    public static readonly MacAddress Zero = default;
    public static readonly MacAddress Broadcast = new(Mask);

    /// <summary>The address as a 48-bit number (first octet in bits 47..40).</summary>
    public ulong Value { get; }

    public MacAddress(ulong value) => Value = value & Mask;

    public static MacAddress Read(ReadOnlySpan<byte> source) =>
        new(((ulong)BinaryPrimitives.ReadUInt16BigEndian(source) << 32) | BinaryPrimitives.ReadUInt32BigEndian(source[2..]));

    public void Write(Span<byte> destination)
    {
        // Bounds check once, on the last octet, before writing any.
        _ = destination[5];
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(Value >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], (uint)Value);
    }

    /// <summary>Group bit: least significant bit of the first octet (IEEE 802 §8.2).</summary>
    public bool IsMulticast => (Value & 0x0100_0000_0000UL) != 0;
    public bool IsBroadcast => Value == Mask;
    public bool IsUnicast => !IsMulticast;
    /// <summary>U/L bit: second-least significant bit of the first octet.</summary>
    public bool IsLocallyAdministered => (Value & 0x0200_0000_0000UL) != 0;
    public bool IsZero => Value == 0;

    /// <summary>01:00:5e + low 23 bits of the group (RFC 1112 §6.4).</summary>
    public static MacAddress ForIpv4Multicast(Ipv4Address group) => new(0x0100_5E00_0000UL | (group.Value & 0x7F_FFFF));

    /// <summary>33:33 + low 32 bits of the group (RFC 2464 §7).</summary>
    public static MacAddress ForIpv6Multicast(Ipv6Address group) => new(0x3333_0000_0000UL | (uint)group.Low);

    public static MacAddress Parse(string text) =>
        TryParse(text, out var mac) ? mac : throw new FormatException($"'{text}' is not a MAC address (aa:bb:cc:dd:ee:ff)");

    /// <summary>Parses "aa:bb:cc:dd:ee:ff" (also '-' separated), case-insensitive.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out MacAddress mac) => TryParse(text.AsSpan(), out mac);

    public static bool TryParse(ReadOnlySpan<char> text, out MacAddress mac)
    {
        mac = default;
        if (text.Length != 17) return false;
        ulong value = 0;
        for (int i = 0; i < 6; i++)
        {
            int p = i * 3;
            if (i > 0 && text[p - 1] != ':' && text[p - 1] != '-') return false;
            int hi = HexValue(text[p]), lo = HexValue(text[p + 1]);
            if ((hi | lo) < 0) return false;
            value = (value << 8) | (uint)(hi << 4 | lo);
        }
        mac = new MacAddress(value);
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    public override string ToString() => string.Create(17, Value, static (span, v) =>
    {
        const string hex = "0123456789abcdef";
        for (int i = 0; i < 6; i++)
        {
            byte b = (byte)(v >> (40 - 8 * i));
            int p = i * 3;
            span[p] = hex[b >> 4];
            span[p + 1] = hex[b & 0xF];
            if (i < 5) span[p + 2] = ':';
        }
    });

    public bool Equals(MacAddress other) => Value == other.Value;
    public override bool Equals(object? obj) => obj is MacAddress other && Equals(other);
    // Process-local use only (dictionaries); never let this pick a path — see Hashing/.
    public override int GetHashCode() => Value.GetHashCode();
    public int CompareTo(MacAddress other) => Value.CompareTo(other.Value);
    public static bool operator ==(MacAddress left, MacAddress right) => left.Value == right.Value;
    public static bool operator !=(MacAddress left, MacAddress right) => left.Value != right.Value;
    public static bool operator <(MacAddress left, MacAddress right) => left.Value < right.Value;
    public static bool operator >(MacAddress left, MacAddress right) => left.Value > right.Value;
}
