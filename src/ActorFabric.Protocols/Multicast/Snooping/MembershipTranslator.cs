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
                pending.Add(new MembershipRecord(port, MembershipVersion.IgmpV3, (Igmpv3RecordType)type, InetAddress.FromIpv4(group), sources));
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
                int tenths = igmp.IsV3Query ? Igmpv3QueryCode.Decode(igmp.MaxResponseTime, Igmpv3QueryCode.ByteMantissaBits) : igmp.MaxResponseTime;
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

    /// <summary>
    /// An MLD message: the ICMPv6 message as <see cref="MldPacket.TryRead"/> yields it (checksum verified there),
    /// from <paramref name="ipSource"/>.
    /// </summary>
    public static MembershipTranslationError TranslateMld(PortId port, Ipv6Address ipSource, ReadOnlySpan<byte> message, ICollection<SnoopingInput> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        if (message.Length < 1) return MembershipTranslationError.Truncated;
        bool unspecified = ipSource == default;
        bool linkLocal = (ipSource.High >> 54) == (0xFE80UL >> 6);
        bool query = message[0] == (byte)MldType.Query;
        // RFC 2710 §3 / RFC 3810 §5.1.14, §5.2.13: a non-link-local source is dropped; reports may use :: .
        if (!linkLocal && !(unspecified && !query)) return MembershipTranslationError.SourceNotLinkLocal;

        if (message[0] == (byte)MldType.V2Report)
        {
            var error = Mldv2Report.TryRead(message, out var reader);
            if (error != PacketError.None) return Map(error);
            var pending = new List<SnoopingInput>(reader.RecordCount);
            while (reader.TryReadNext(out var type, out var group, out var raw))
            {
                // RFC 3810 §5.2.12: unknown record types are ignored, as are non-multicast addresses.
                if ((byte)type is < 1 or > 6 || !group.IsMulticast) continue;
                var sources = new InetAddress[raw.Length / Ipv6Address.Length];
                for (int i = 0; i < sources.Length; i++) sources[i] = InetAddress.FromIpv6(Ipv6Address.Read(raw[(i * Ipv6Address.Length)..]));
                pending.Add(new MembershipRecord(port, MembershipVersion.MldV2, type, InetAddress.FromIpv6(group), sources));
            }
            foreach (var input in pending) into.Add(input);
            return MembershipTranslationError.None;
        }

        var read = MldMessage.TryRead(message, out var mld);
        if (read != PacketError.None) return Map(read);
        var address = InetAddress.FromIpv6(mld.Group);
        switch (mld.Type)
        {
            case MldType.Query:
                InetAddress? queried = mld.Group == default ? null : address;
                if (queried is { IsMulticast: false }) return MembershipTranslationError.InvalidGroupAddress;
                var delay = TimeSpan.FromMilliseconds(mld.MaxResponseDelay);
                if (mld.IsV2Query)
                {
                    var v2 = Mldv2Query.TryRead(message, out var full, out _);
                    if (v2 != PacketError.None) return Map(v2);
                    delay = full.MaxResponseDelay;
                }
                into.Add(new QueryObservation(port, IpFamily.V6, mld.IsV2Query ? MembershipVersion.MldV2 : MembershipVersion.MldV1,
                    InetAddress.FromIpv6(ipSource), queried, delay));
                return MembershipTranslationError.None;
            case MldType.V1Report or MldType.V1Done:
                if (!mld.Group.IsMulticast) return MembershipTranslationError.InvalidGroupAddress;
                into.Add(mld.Type == MldType.V1Report
                    ? MembershipRecord.Join(port, address, MembershipVersion.MldV1)
                    : MembershipRecord.Leave(port, address, MembershipVersion.MldV1));
                return MembershipTranslationError.None;
            default:
                return MembershipTranslationError.UnsupportedMessageType;
        }
    }

    private static MembershipTranslationError Map(PacketError error) => error switch
    {
        PacketError.Truncated => MembershipTranslationError.Truncated,
        PacketError.BadChecksum => MembershipTranslationError.BadChecksum,
        _ => MembershipTranslationError.UnsupportedMessageType,
    };
}
