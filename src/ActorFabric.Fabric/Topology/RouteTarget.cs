using System.Buffers.Binary;
using System.Globalization;

namespace ActorFabric.Fabric.Topology;

/// <summary>
/// A route target extended community (RFC 4360 §3 framing: type, sub-type 0x02, 6 value octets)
/// held as its 8 big-endian octets in <see cref="Value"/>.
/// </summary>
public readonly record struct RouteTarget(ulong Value)
{
    private const byte SubTypeRouteTarget = 0x02;

    /// <summary>The community's type octet: 0x00 two-octet AS, 0x01 IPv4, 0x02 four-octet AS.</summary>
    public byte Type => (byte)(Value >> 56);

    public static RouteTarget TwoOctetAs(ushort asn, uint localAdmin) =>
        new(((ulong)SubTypeRouteTarget << 48) | ((ulong)asn << 32) | localAdmin);

    public static RouteTarget Ipv4(uint address, ushort localAdmin) =>
        new((0x01UL << 56) | ((ulong)SubTypeRouteTarget << 48) | ((ulong)address << 16) | localAdmin);

    public static RouteTarget FourOctetAs(uint asn, ushort localAdmin) =>
        new((0x02UL << 56) | ((ulong)SubTypeRouteTarget << 48) | ((ulong)asn << 16) | localAdmin);

    /// <summary>
    /// The route target a VTEP derives for a VNI without configuration. RFC 8365 §5.1.2.1 packs
    /// A (1 bit, 0 = auto) | TYPE (3 bits, 1 = VXLAN) | D-ID (4 bits, 0) | VNI (24 bits) into the
    /// local administrator, so AS 65000 / VNI 10100 is <c>00 02 FD E8 10 00 27 74</c> = "65000:268445556".
    /// Only defined for a 2-octet AS; a 4-octet AS must configure its targets.
    /// </summary>
    public static RouteTarget AutoDerived(ushort asn, uint vni, RouteTargetDerivation derivation) =>
        derivation == RouteTargetDerivation.Rfc8365
            ? TwoOctetAs(asn, (0u << 31) | (1u << 28) | (0u << 24) | (vni & 0xFF_FFFF))
            : TwoOctetAs(asn, vni);

    public void WriteTo(Span<byte> destination) => BinaryPrimitives.WriteUInt64BigEndian(destination, Value);

    public override string ToString() => Type switch
    {
        0x00 => string.Create(CultureInfo.InvariantCulture, $"{(Value >> 32) & 0xFFFF}:{(uint)Value}"),
        0x01 => string.Create(CultureInfo.InvariantCulture, $"{AddressSyntax.FormatIpv4((uint)(Value >> 16))}:{Value & 0xFFFF}"),
        0x02 => string.Create(CultureInfo.InvariantCulture, $"{(uint)(Value >> 16)}:{Value & 0xFFFF}"),
        _ => $"rt-type{Type:x2}:{Value & 0xFFFF_FFFF_FFFF:x12}",
    };

    /// <summary>Parses <c>65000:100</c>, <c>10.0.0.1:100</c> and <c>4200000000:100</c> (AS above 65535 selects the 4-octet form).</summary>
    public static bool TryParse(string text, out RouteTarget rt)
    {
        rt = default;
        if (!AdministratorAndNumber.TryParse(text, out var admin)) return false;
        if (admin.IsIpv4)
        {
            if (admin.Number > ushort.MaxValue) return false;
            rt = Ipv4(admin.Administrator, (ushort)admin.Number);
            return true;
        }
        if (admin.Administrator <= ushort.MaxValue)
        {
            rt = TwoOctetAs((ushort)admin.Administrator, (uint)admin.Number);
            return true;
        }
        if (admin.Number > ushort.MaxValue) return false;
        rt = FourOctetAs(admin.Administrator, (ushort)admin.Number);
        return true;
    }
}
