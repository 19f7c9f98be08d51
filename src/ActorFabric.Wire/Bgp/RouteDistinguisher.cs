using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace ActorFabric.Wire.Bgp;

/// <summary>
/// An 8-octet route distinguisher (RFC 4364 §4.2) held as one big-endian ulong. Type 0 = 2-octet AS +
/// 4-octet number, type 1 = IPv4 + 2-octet number (RECOMMENDED for EVPN, RFC 7432 §7.9), type 2 =
/// 4-octet AS + 2-octet number. Text forms "65000:100", "10.0.0.1:100", "4200000000:100" (type 2 when the
/// AS does not fit 16 bits).
/// </summary>
public readonly record struct RouteDistinguisher(ulong Value) : IComparable<RouteDistinguisher>
{
    public const int Length = 8;

    public ushort Type => (ushort)(Value >> 48);

    public static RouteDistinguisher FromAs2(ushort asn, uint assigned) => new(((ulong)asn << 32) | assigned);
    public static RouteDistinguisher FromIpv4(uint address, ushort assigned) => new((1UL << 48) | ((ulong)address << 16) | assigned);
    public static RouteDistinguisher FromIpv4(IPAddress address, ushort assigned) => FromIpv4(Ipv4ToUInt(address), assigned);
    public static RouteDistinguisher FromAs4(uint asn, ushort assigned) => new((2UL << 48) | ((ulong)asn << 16) | assigned);

    public static RouteDistinguisher Read(ReadOnlySpan<byte> source) => new(BinaryPrimitives.ReadUInt64BigEndian(source));
    public void Write(Span<byte> destination) => BinaryPrimitives.WriteUInt64BigEndian(destination, Value);

    public override string ToString() => Type switch
    {
        0 => $"{(ushort)(Value >> 32)}:{(uint)Value}",
        1 => $"{new IPAddress(BinaryPrimitives.ReverseEndianness((uint)(Value >> 16)))}:{(ushort)Value}",
        2 => $"{(uint)(Value >> 16)}:{(ushort)Value}",
        _ => $"type{Type}:{Value & 0xFFFF_FFFF_FFFFUL:x12}",
    };

    public static bool TryParse(string text, out RouteDistinguisher rd)
    {
        rd = default;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1) return false;
        var admin = text[..colon];
        var number = text[(colon + 1)..];
        if (admin.Contains('.'))
        {
            // Strict dotted quad: IPAddress.TryParse would take shorthand such as "1.2.3" (= 1.2.0.3).
            if (!Packets.Ipv4Address.TryParse(admin, out var ip)) return false;
            if (!ushort.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n16)) return false;
            rd = FromIpv4(ip.Value, n16);
            return true;
        }
        if (!uint.TryParse(admin, NumberStyles.None, CultureInfo.InvariantCulture, out var asn)) return false;
        if (asn <= ushort.MaxValue)
        {
            if (!uint.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n32)) return false;
            rd = FromAs2((ushort)asn, n32);
            return true;
        }
        if (!ushort.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return false;
        rd = FromAs4(asn, n);
        return true;
    }

    public static RouteDistinguisher Parse(string text) =>
        TryParse(text, out var rd) ? rd : throw new FormatException($"'{text}' is not a route distinguisher (expected ASN:N or IPv4:N)");

    public int CompareTo(RouteDistinguisher other) => Value.CompareTo(other.Value);

    internal static uint Ipv4ToUInt(IPAddress address)
    {
        Span<byte> b = stackalloc byte[4];
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || !address.TryWriteBytes(b, out _))
            throw new ArgumentException($"{address} is not an IPv4 address", nameof(address));
        return BinaryPrimitives.ReadUInt32BigEndian(b);
    }
}
