using System.Buffers.Binary;
using System.Net;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Wire.Bgp;

/// <summary>ESI types (RFC 7432 §5), named as GoBGP names them.</summary>
public enum EsiType : byte
{
    Arbitrary = 0,
    Lacp = 1,
    Mstp = 2,
    Mac = 3,
    RouterId = 4,
    As = 5,
}

/// <summary>
/// The fields an Ethernet Segment Identifier's type gives its 9-octet value (RFC 7432 §5): type 0 operator-chosen
/// octets; type 1 the CE's LACP system MAC and port key; type 2 the root bridge MAC and priority; type 3 the PE's
/// system MAC and a 3-octet local discriminator; type 4 a router ID and a 4-octet local discriminator; type 5 an AS
/// number and a 4-octet local discriminator. A field the type does not define is null. Types 1, 2, 4 and 5 end with
/// a zero octet that is not interpreted.
/// </summary>
public readonly record struct EsiFields(
    EthernetSegmentId Esi,
    MacAddress? SystemMac,
    ushort? PortKey,
    ushort? BridgePriority,
    uint? LocalDiscriminator,
    IPAddress? RouterId,
    uint? Asn)
{
    public byte TypeCode => Esi.EsiType;
    /// <summary>The type, or null for a type code RFC 7432 does not define (6–255).</summary>
    public EsiType? Type => TypeCode <= (byte)EsiType.As ? (EsiType)TypeCode : null;

    /// <summary>The 9 octets after the type octet.</summary>
    public byte[] Value
    {
        get
        {
            var b = new byte[EthernetSegmentId.Length];
            Esi.Write(b);
            return b[1..];
        }
    }

    public static EsiFields Of(EthernetSegmentId esi)
    {
        Span<byte> b = stackalloc byte[EthernetSegmentId.Length];
        esi.Write(b);
        var v = b[1..];
        EsiFields none = new(esi, null, null, null, null, null, null);
        return (EsiType)b[0] switch
        {
            EsiType.Lacp => none with { SystemMac = MacAddress.Read(v), PortKey = BinaryPrimitives.ReadUInt16BigEndian(v[6..]) },
            EsiType.Mstp => none with { SystemMac = MacAddress.Read(v), BridgePriority = BinaryPrimitives.ReadUInt16BigEndian(v[6..]) },
            EsiType.Mac => none with { SystemMac = MacAddress.Read(v), LocalDiscriminator = ((uint)v[6] << 16) | ((uint)v[7] << 8) | v[8] },
            EsiType.RouterId => none with { RouterId = new IPAddress(v[..4]), LocalDiscriminator = BinaryPrimitives.ReadUInt32BigEndian(v[4..]) },
            EsiType.As => none with { Asn = BinaryPrimitives.ReadUInt32BigEndian(v), LocalDiscriminator = BinaryPrimitives.ReadUInt32BigEndian(v[4..]) },
            _ => none,
        };
    }

    /// <summary>Lower-case type name as used in decode output ("arbitrary", "lacp", …, or "type-N").</summary>
    public string TypeName => Type is { } t ? t switch
    {
        EsiType.RouterId => "router-id",
        _ => t.ToString().ToLowerInvariant(),
    } : $"type-{TypeCode}";

    /// <summary>A one-line description in the style of GoBGP's ("lacp | system mac 02:…, port key 1").</summary>
    public override string ToString()
    {
        if (Esi.IsZero) return "single-homed";
        if (Esi == EthernetSegmentId.Max) return "MAX-ESI";
        return Type switch
        {
            EsiType.Lacp => $"lacp | system mac {SystemMac}, port key {PortKey}",
            EsiType.Mstp => $"mstp | root bridge mac {SystemMac}, priority {BridgePriority}",
            EsiType.Mac => $"mac | system mac {SystemMac}, local discriminator {LocalDiscriminator}",
            EsiType.RouterId => $"router-id | router id {RouterId}, local discriminator {LocalDiscriminator}",
            EsiType.As => $"as | as {Asn}, local discriminator {LocalDiscriminator}",
            _ => $"{TypeName} | {Convert.ToHexString(Value).ToLowerInvariant()}",
        };
    }
}
