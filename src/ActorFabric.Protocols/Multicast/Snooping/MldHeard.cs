using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Multicast.Snooping;

/// <summary>The kind of an MLD message (ICMPv6 types 130, 131, 132, 143; RFC 2710 §3, RFC 3810 §5).</summary>
public enum MldHeardKind : byte
{
    Query,
    V1Report,
    V1Done,
    V2Report,
}

/// <summary>One multicast address record of an MLDv2 report (RFC 3810 §5.2.4).</summary>
public sealed record MldRecordHeard(MembershipRecordType Type, Ipv6Address Group, IReadOnlyList<Ipv6Address> Sources);

/// <summary>
/// A decoded MLD message as the snooping translator needs it: the fields of the Wire MLD codec, plus the IPv6
/// source. <paramref name="MaxResponseCode"/> is the raw field: milliseconds in MLDv1, the exponential code in
/// an MLDv2 query (<paramref name="IsV2Query"/>, RFC 3810 §5.1.3).
/// </summary>
public sealed record MldHeard(MldHeardKind Kind, Ipv6Address Source, Ipv6Address Group, ushort MaxResponseCode = 0, bool IsV2Query = false, IReadOnlyList<MldRecordHeard>? Records = null);
