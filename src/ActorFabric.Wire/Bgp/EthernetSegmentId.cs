using System.Buffers.Binary;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Wire.Bgp;

/// <summary>
/// A 10-octet Ethernet Segment Identifier (RFC 7432 §5): octet 0 is the ESI type (0–5), octets 1–9 the
/// value. All zero = single-homed; ten 0xFF = MAX-ESI (reserved). Held as two integers so it is a cheap
/// value type: <see cref="High"/> = octets 0–7, <see cref="Low"/> = octets 8–9.
/// </summary>
public readonly record struct EthernetSegmentId(ulong High, ushort Low) : IComparable<EthernetSegmentId>
{
    public const int Length = 10;
    public static readonly EthernetSegmentId Zero = default;
    public static readonly EthernetSegmentId Max = new(ulong.MaxValue, ushort.MaxValue);

    public byte EsiType => (byte)(High >> 56);
    public bool IsZero => High == 0 && Low == 0;
    /// <summary>The value read as the fields its type defines (RFC 7432 §5).</summary>
    public EsiFields Fields => EsiFields.Of(this);

    /// <summary>Type 1 (RFC 7432 §5): the CE's LACP system MAC (6 octets), its port key (2), then a zero octet.</summary>
    public static EthernetSegmentId FromLacp(MacAddress systemMac, ushort portKey) =>
        new(((ulong)Bgp.EsiType.Lacp << 56) | (systemMac.Value << 8) | ((ulong)portKey >> 8), (ushort)(portKey << 8));

    /// <summary>
    /// Type 3 (RFC 7432 §5): the PE's system MAC (6 octets) and a local discriminator that fits 3 octets.
    /// </summary>
    public static EthernetSegmentId FromMac(MacAddress systemMac, uint localDiscriminator)
    {
        if (localDiscriminator > 0xFF_FFFF) throw new ArgumentOutOfRangeException(nameof(localDiscriminator), localDiscriminator, "a type-3 ESI's local discriminator has 3 octets");
        return new(((ulong)Bgp.EsiType.Mac << 56) | (systemMac.Value << 8) | (localDiscriminator >> 16), (ushort)localDiscriminator);
    }

    /// <summary>Type 5 (RFC 7432 §5): an AS number (4 octets), a local discriminator (4), then a zero octet.</summary>
    public static EthernetSegmentId FromAs(uint asn, uint localDiscriminator) =>
        new(((ulong)Bgp.EsiType.As << 56) | ((ulong)asn << 24) | (localDiscriminator >> 8), (ushort)((localDiscriminator & 0xFF) << 8));

    public static EthernetSegmentId Read(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(source), BinaryPrimitives.ReadUInt16BigEndian(source[8..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], Low);
    }

    /// <summary>Text form as FRR and GoBGP print it: ten colon-separated hex octets.</summary>
    public override string ToString()
    {
        Span<byte> b = stackalloc byte[Length];
        Write(b);
        return string.Join(':', b.ToArray().Select(x => x.ToString("x2")));
    }

    public static bool TryParse(string text, out EthernetSegmentId esi)
    {
        esi = default;
        var parts = text.Split(':');
        if (parts.Length != Length) return false;
        Span<byte> b = stackalloc byte[Length];
        for (int i = 0; i < Length; i++)
            if (!byte.TryParse(parts[i], System.Globalization.NumberStyles.HexNumber, null, out b[i])) return false;
        esi = Read(b);
        return true;
    }

    public static EthernetSegmentId Parse(string text) =>
        TryParse(text, out var esi) ? esi : throw new FormatException($"'{text}' is not an ESI (expected ten hex octets separated by ':')");

    public int CompareTo(EthernetSegmentId other) => High != other.High ? High.CompareTo(other.High) : Low.CompareTo(other.Low);
}
