using System.Buffers.Binary;
using System.Globalization;

namespace ActorFabric.Fabric.Topology;

/// <summary>
/// An 8-octet route distinguisher (RFC 4364 §4.2) held as its big-endian octets in <see cref="Value"/>.
/// EVPN recommends type 1, <c>router-id:EVI</c>, unique per MAC-VRF on a PE (RFC 7432 §7.9).
/// </summary>
public readonly record struct RouteDistinguisher(ulong Value)
{
    public ushort Type => (ushort)(Value >> 48);

    /// <summary>Type 0: 2-octet AS administrator, 4-octet assigned number.</summary>
    public static RouteDistinguisher Type0(ushort asn, uint number) => new(((ulong)asn << 32) | number);

    /// <summary>Type 1: IPv4 administrator (usually the router id), 2-octet assigned number.</summary>
    public static RouteDistinguisher Type1(uint ipv4, ushort number) => new((1UL << 48) | ((ulong)ipv4 << 16) | number);

    /// <summary>Type 2: 4-octet AS administrator, 2-octet assigned number.</summary>
    public static RouteDistinguisher Type2(uint asn, ushort number) => new((2UL << 48) | ((ulong)asn << 16) | number);

    public void WriteTo(Span<byte> destination) => BinaryPrimitives.WriteUInt64BigEndian(destination, Value);

    public static RouteDistinguisher Read(ReadOnlySpan<byte> source) => new(BinaryPrimitives.ReadUInt64BigEndian(source));

    /// <summary>FRR/GoBGP text: <c>10.0.0.1:7</c> (type 1), <c>65000:7</c> (type 0), <c>4200000000:7</c> (type 2).</summary>
    public override string ToString() => Type switch
    {
        0 => string.Create(CultureInfo.InvariantCulture, $"{(Value >> 32) & 0xFFFF}:{(uint)Value}"),
        1 => string.Create(CultureInfo.InvariantCulture, $"{AddressSyntax.FormatIpv4((uint)(Value >> 16))}:{Value & 0xFFFF}"),
        2 => string.Create(CultureInfo.InvariantCulture, $"{(uint)(Value >> 16)}:{Value & 0xFFFF}"),
        _ => $"type{Type}:{Value & 0xFFFF_FFFF_FFFF:x12}",
    };

    /// <summary>Parses the text forms above; an AS above 65535 selects type 2.</summary>
    public static bool TryParse(string text, out RouteDistinguisher rd)
    {
        rd = default;
        if (!AdministratorAndNumber.TryParse(text, out var admin)) return false;
        if (admin.IsIpv4)
        {
            if (admin.Number > ushort.MaxValue) return false;
            rd = Type1(admin.Administrator, (ushort)admin.Number);
            return true;
        }
        if (admin.Administrator <= ushort.MaxValue)
        {
            rd = Type0((ushort)admin.Administrator, (uint)admin.Number);
            return true;
        }
        if (admin.Number > ushort.MaxValue) return false;
        rd = Type2(admin.Administrator, (ushort)admin.Number);
        return true;
    }
}

/// <summary>The shared <c>ADMIN:NUMBER</c> text form of route distinguishers and route targets.</summary>
internal readonly record struct AdministratorAndNumber(uint Administrator, bool IsIpv4, ulong Number)
{
    public static bool TryParse(string text, out AdministratorAndNumber value)
    {
        value = default;
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1) return false;
        var admin = text.AsSpan(0, colon);
        var number = text.AsSpan(colon + 1);
        if (!ulong.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > uint.MaxValue) return false;
        if (admin.Contains('.'))
        {
            if (!AddressSyntax.TryParseIpv4(admin, out var ip)) return false;
            value = new AdministratorAndNumber(ip, true, n);
            return true;
        }
        if (!uint.TryParse(admin, NumberStyles.None, CultureInfo.InvariantCulture, out var asn)) return false;
        value = new AdministratorAndNumber(asn, false, n);
        return true;
    }
}
