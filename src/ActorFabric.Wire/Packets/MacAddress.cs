using System.Buffers.Binary;
using System.Globalization;

namespace ActorFabric.Wire.Packets;

/// <summary>
/// A 48-bit IEEE MAC address held in the low 48 bits of a ulong: no allocation, cheap equality
/// and a stable order. Shared by the packet codecs and the EVPN NLRI codec (type-2 routes,
/// ES-Import RT, Router's MAC). Extend here rather than defining a second MAC type.
/// </summary>
public readonly record struct MacAddress(ulong Value) : IComparable<MacAddress>
{
    public const int Length = 6;
    public static readonly MacAddress Broadcast = new(0xFFFF_FFFF_FFFFUL);
    public static readonly MacAddress Zero = new(0);

    /// <summary>I/G bit (least significant bit of the first octet): group (multicast/broadcast) address.</summary>
    public bool IsMulticast => ((Value >> 40) & 0x01) != 0;
    public bool IsBroadcast => Value == Broadcast.Value;
    public bool IsUnicast => !IsMulticast;
    /// <summary>U/L bit (second-least significant bit of the first octet): locally administered.</summary>
    public bool IsLocallyAdministered => ((Value >> 40) & 0x02) != 0;
    public bool IsZero => Value == 0;

    /// <summary>01:00:5e + low 23 bits of the group (RFC 1112 §6.4).</summary>
    public static MacAddress ForIpv4Multicast(Ipv4Address group) => new(0x0100_5E00_0000UL | (group.Value & 0x7F_FFFF));

    /// <summary>33:33 + low 32 bits of the group (RFC 2464 §7).</summary>
    public static MacAddress ForIpv6Multicast(Ipv6Address group) => new(0x3333_0000_0000UL | (uint)group.Low);

    public static MacAddress Read(ReadOnlySpan<byte> source) =>
        new(((ulong)BinaryPrimitives.ReadUInt16BigEndian(source) << 32) | BinaryPrimitives.ReadUInt32BigEndian(source[2..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(Value >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], (uint)Value);
    }

    public static bool TryParse(ReadOnlySpan<char> text, out MacAddress mac)
    {
        mac = default;
        // Accept aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff and aabb.ccdd.eeff (Cisco style).
        Span<char> hex = stackalloc char[12];
        int n = 0;
        foreach (var c in text)
        {
            if (c is ':' or '-' or '.') continue;
            if (!char.IsAsciiHexDigit(c) || n == 12) return false;
            hex[n++] = c;
        }
        if (n != 12) return false;
        if (!ulong.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v)) return false;
        mac = new MacAddress(v);
        return true;
    }

    public static MacAddress Parse(string text) =>
        TryParse(text, out var mac) ? mac : throw new FormatException($"'{text}' is not a MAC address (expected aa:bb:cc:dd:ee:ff)");

    public int CompareTo(MacAddress other) => Value.CompareTo(other.Value);
    public static bool operator <(MacAddress left, MacAddress right) => left.Value < right.Value;
    public static bool operator >(MacAddress left, MacAddress right) => left.Value > right.Value;

    public override string ToString()
    {
        Span<char> s = stackalloc char[17];
        for (int i = 0; i < 6; i++)
        {
            var b = (byte)(Value >> (40 - 8 * i));
            s[i * 3] = GetHex(b >> 4);
            s[i * 3 + 1] = GetHex(b & 0xF);
            if (i < 5) s[i * 3 + 2] = ':';
        }
        return new string(s);
    }

    private static char GetHex(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
}
