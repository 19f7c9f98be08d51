using ActorFabric.Protocols.Bridging;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Multicast.Snooping;

/// <summary>
/// Turns IGMP and MLD messages heard on a port into <see cref="SnoopingInput"/>s. A bad message yields a
/// <see cref="MembershipTranslationError"/> and adds nothing; it never throws.
/// </summary>
public static class MembershipTranslator
{
    /// <summary>An IGMP message (the whole IPv4 payload) from <paramref name="ipSource"/>.</summary>
    public static MembershipTranslationError TranslateIgmp(PortId port, Ipv4Address ipSource, ReadOnlySpan<byte> message, ICollection<SnoopingInput> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        if (message.Length >= 1 && message[0] == (byte)IgmpType.V3MembershipReport)
        {
            var error = Igmpv3Report.TryRead(message, out var reader);
            if (error != PacketError.None) return Map(error);
            var pending = new List<SnoopingInput>(reader.RecordCount);
            while (reader.TryReadNext(out var type, out var group, out var raw))
            {
                // RFC 3376 §4.2.12: unknown record types are ignored; so are records for non-multicast groups.
                if ((byte)type is < 1 or > 6 || !group.IsMulticast) continue;
                var sources = new InetAddress[raw.Length / Ipv4Address.Length];
                for (int i = 0; i < sources.Length; i++) sources[i] = InetAddress.FromIpv4(Ipv4Address.Read(raw[(i * Ipv4Address.Length)..]));
                pending.Add(new MembershipRecord(port, MembershipVersion.IgmpV3, (MembershipRecordType)type, InetAddress.FromIpv4(group), sources));
            }
            foreach (var input in pending) into.Add(input);
            return MembershipTranslationError.None;
        }

        var read = IgmpMessage.TryRead(message, out var igmp);
        if (read != PacketError.None) return Map(read);
        var groupAddress = InetAddress.FromIpv4(igmp.Group);
        switch (igmp.Type)
        {
            case IgmpType.MembershipQuery:
                InetAddress? queried = igmp.Group == Ipv4Address.Any ? null : groupAddress;
                if (queried is { IsMulticast: false }) return MembershipTranslationError.InvalidGroupAddress;
                // RFC 2236 §4 / RFC 3376 §7.1: a short query with Max Resp Time 0 is IGMPv1; 12+ octets is v3.
                var version = igmp.IsV3Query ? MembershipVersion.IgmpV3 : igmp.MaxResponseTime == 0 ? MembershipVersion.IgmpV1 : MembershipVersion.IgmpV2;
                int tenths = igmp.IsV3Query ? DecodeExponential(igmp.MaxResponseTime, 4) : igmp.MaxResponseTime;
                into.Add(new QueryObservation(port, IpFamily.V4, version, InetAddress.FromIpv4(ipSource), queried, TimeSpan.FromMilliseconds(100 * tenths)));
                return MembershipTranslationError.None;
            case IgmpType.V1MembershipReport or IgmpType.V2MembershipReport:
                if (!igmp.Group.IsMulticast) return MembershipTranslationError.InvalidGroupAddress;
                into.Add(MembershipRecord.Join(port, groupAddress, igmp.Type == IgmpType.V1MembershipReport ? MembershipVersion.IgmpV1 : MembershipVersion.IgmpV2));
                return MembershipTranslationError.None;
            case IgmpType.LeaveGroup:
                if (!igmp.Group.IsMulticast) return MembershipTranslationError.InvalidGroupAddress;
                into.Add(MembershipRecord.Leave(port, groupAddress, MembershipVersion.IgmpV2));
                return MembershipTranslationError.None;
            default:
                return MembershipTranslationError.UnsupportedMessageType;
        }
    }

    /// <summary>A decoded MLD message (see <see cref="MldHeard"/>).</summary>
    public static MembershipTranslationError TranslateMld(PortId port, MldHeard heard, ICollection<SnoopingInput> into)
    {
        ArgumentNullException.ThrowIfNull(heard);
        ArgumentNullException.ThrowIfNull(into);
        bool unspecified = heard.Source.High == 0 && heard.Source.Low == 0;
        bool linkLocal = (heard.Source.High >> 54) == (0xFE80UL >> 6);
        // Queries must come from a link-local address; reports may also use :: (RFC 3810 §5.2.13).
        if (!linkLocal && !(unspecified && heard.Kind != MldHeardKind.Query)) return MembershipTranslationError.SourceNotLinkLocal;
        var group = InetAddress.FromIpv6(heard.Group);
        switch (heard.Kind)
        {
            case MldHeardKind.Query:
                InetAddress? queried = heard.Group.High == 0 && heard.Group.Low == 0 ? null : group;
                if (queried is { IsMulticast: false }) return MembershipTranslationError.InvalidGroupAddress;
                int ms = heard.IsV2Query ? DecodeExponential(heard.MaxResponseCode, 12) : heard.MaxResponseCode;
                into.Add(new QueryObservation(port, IpFamily.V6, heard.IsV2Query ? MembershipVersion.MldV2 : MembershipVersion.MldV1,
                    InetAddress.FromIpv6(heard.Source), queried, TimeSpan.FromMilliseconds(ms)));
                return MembershipTranslationError.None;
            case MldHeardKind.V1Report or MldHeardKind.V1Done:
                if (!group.IsMulticast) return MembershipTranslationError.InvalidGroupAddress;
                into.Add(heard.Kind == MldHeardKind.V1Report
                    ? MembershipRecord.Join(port, group, MembershipVersion.MldV1)
                    : MembershipRecord.Leave(port, group, MembershipVersion.MldV1));
                return MembershipTranslationError.None;
            case MldHeardKind.V2Report:
                foreach (var record in heard.Records ?? [])
                {
                    // RFC 3810 §5.2.12: unknown record types are ignored, as are non-multicast addresses.
                    if ((byte)record.Type is < 1 or > 6 || !record.Group.IsMulticast) continue;
                    var sources = new InetAddress[record.Sources.Count];
                    for (int i = 0; i < sources.Length; i++) sources[i] = InetAddress.FromIpv6(record.Sources[i]);
                    into.Add(new MembershipRecord(port, MembershipVersion.MldV2, record.Type, InetAddress.FromIpv6(record.Group), sources));
                }
                return MembershipTranslationError.None;
            default:
                return MembershipTranslationError.UnsupportedMessageType;
        }
    }

    /// <summary>
    /// The floating-point Max Resp Code of IGMPv3 (8 bits, 4-bit mantissa, RFC 3376 §4.1.1) and MLDv2 (16 bits,
    /// 12-bit mantissa, RFC 3810 §5.1.3): below 2^(bits-1) the value itself, else (mant | 1 &lt;&lt; m) &lt;&lt; (exp + 3).
    /// </summary>
    internal static int DecodeExponential(int code, int mantissaBits)
    {
        int total = mantissaBits + 4;
        if (code < 1 << (total - 1)) return code;
        int mantissa = code & ((1 << mantissaBits) - 1);
        int exponent = (code >> mantissaBits) & 0x7;
        return (mantissa | 1 << mantissaBits) << (exponent + 3);
    }

    private static MembershipTranslationError Map(PacketError error) => error switch
    {
        PacketError.Truncated => MembershipTranslationError.Truncated,
        PacketError.BadChecksum => MembershipTranslationError.BadChecksum,
        _ => MembershipTranslationError.UnsupportedMessageType,
    };
}
