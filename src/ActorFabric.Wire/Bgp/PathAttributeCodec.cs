using System.Buffers.Binary;
using System.Net;

namespace ActorFabric.Wire.Bgp;

/// <summary>
/// Reads and writes the path-attribute field of an UPDATE (RFC 4271 §4.3): Flags(1) | Type(1) | Length(1 or 2) | Value.
/// Reading applies the revised error handling of RFC 7606 attribute by attribute and never throws; writing puts
/// MP_UNREACH / MP_REACH first (RFC 7606 §5.1) and sets Extended Length whenever a value exceeds 255 octets.
/// Unknown optional transitive attributes are kept and re-encoded byte for byte.
/// </summary>
public static class PathAttributeCodec
{
    private const byte WellKnown = (byte)PathAttributeFlags.Transitive;
    private const byte OptionalNonTransitive = (byte)PathAttributeFlags.Optional;
    private const byte OptionalTransitive = (byte)(PathAttributeFlags.Optional | PathAttributeFlags.Transitive);

    /// <summary>Decodes a whole attribute list (the field of an UPDATE, or attributes given bare on the command line).</summary>
    public static PathAttributeBlock Decode(ReadOnlySpan<byte> block, BgpCodecOptions options) => Decode(block, options, new UpdateErrorOutcome());

    internal static PathAttributeBlock Decode(ReadOnlySpan<byte> block, BgpCodecOptions options, UpdateErrorOutcome outcome)
    {
        Span<bool> seen = stackalloc bool[256];
        MpReachNlri? reach = null;
        MpUnreachNlri? unreach = null;
        Origin? origin = null;
        AsPath? asPath = null, as4Path = null;
        IPAddress? nextHop = null;
        uint? med = null, localPref = null, originatorId = null;
        bool atomic = false;
        Aggregator? aggregator = null, as4Aggregator = null;
        uint[] communities = [], clusterList = [];
        ExtendedCommunity[] extended = [];
        PmsiTunnel? pmsi = null;
        byte[]? large = null;
        List<UnknownPathAttribute>? unknown = null;
        bool any = false;
        int asSize = options.FourOctetAs ? 4 : 2;

        int p = 0;
        while (p < block.Length)
        {
            int left = block.Length - p;
            byte flags = block[p];
            int hdr = (flags & (byte)PathAttributeFlags.ExtendedLength) != 0 ? 4 : 3;
            if (left < hdr)
            {
                Overrun(outcome, reach, unreach, $"attribute header truncated: {left} octets left of the attribute field");
                break;
            }
            byte type = block[p + 1];
            int len = hdr == 4 ? BinaryPrimitives.ReadUInt16BigEndian(block[(p + 2)..]) : block[p + 2];
            if (left < hdr + len)
            {
                if (type is (byte)PathAttributeType.MpReachNlri or (byte)PathAttributeType.MpUnreachNlri)
                    outcome.Add(BgpDecodeError.Update(BgpErrorCodes.MalformedAttributeList, BgpErrorAction.SessionReset,
                        $"attribute {type} length {len} overruns the attribute field and it carries NLRI (RFC 7606 §4)"));
                else
                    Overrun(outcome, reach, unreach, $"attribute {type} length {len} overruns the {left - hdr} octets left (RFC 7606 §4)");
                break;
            }
            var raw = block.Slice(p, hdr + len);
            var v = block.Slice(p + hdr, len);
            p += hdr + len;
            any = true;

            if (seen[type])
            {
                // RFC 7606 §3 g: MP_REACH / MP_UNREACH twice resets; any other repeat is discarded after the first.
                if (type is (byte)PathAttributeType.MpReachNlri or (byte)PathAttributeType.MpUnreachNlri)
                {
                    outcome.Add(BgpDecodeError.Update(BgpErrorCodes.MalformedAttributeList, BgpErrorAction.SessionReset, $"attribute {type} appears more than once (RFC 7606 §3 g)"));
                    break;
                }
                outcome.Add(Discard($"repeated attribute {type} discarded (RFC 7606 §3 g)"));
                continue;
            }
            seen[type] = true;
            byte category = (byte)(flags & 0xC0);

            switch ((PathAttributeType)type)
            {
                case PathAttributeType.Origin:
                    if (category != WellKnown) { Malformed(outcome, BgpErrorCodes.AttributeFlagsError, "ORIGIN flags", "§3 c"); break; }
                    if (len != 1 || v[0] > 2) { Malformed(outcome, BgpErrorCodes.InvalidOrigin, "ORIGIN", "§7.1"); break; }
                    origin = (Origin)v[0];
                    break;
                case PathAttributeType.AsPath:
                {
                    if (category != WellKnown) { Malformed(outcome, BgpErrorCodes.AttributeFlagsError, "AS_PATH flags", "§3 c"); break; }
                    var path = AsPathCodec.TryRead(v, asSize, out var err);
                    if (path is null) { Malformed(outcome, BgpErrorCodes.AttributeLengthError, "AS_PATH: " + err, "§7.2"); break; }
                    asPath = path;
                    break;
                }
                case PathAttributeType.NextHop:
                    if (category != WellKnown) { Malformed(outcome, BgpErrorCodes.AttributeFlagsError, "NEXT_HOP flags", "§3 c"); break; }
                    if (len != 4) { Malformed(outcome, BgpErrorCodes.AttributeLengthError, "NEXT_HOP length", "§7.3"); break; }
                    nextHop = new IPAddress(v);
                    break;
                case PathAttributeType.MultiExitDisc:
                    if (category != OptionalNonTransitive) { Malformed(outcome, BgpErrorCodes.AttributeFlagsError, "MULTI_EXIT_DISC flags", "§3 c"); break; }
                    if (len != 4) { Malformed(outcome, BgpErrorCodes.AttributeLengthError, "MULTI_EXIT_DISC length", "§7.4"); break; }
                    med = BinaryPrimitives.ReadUInt32BigEndian(v);
                    break;
                case PathAttributeType.LocalPref:
                    if (options.ExternalPeer) { outcome.Add(Discard("LOCAL_PREF from an external peer discarded (RFC 7606 §7.5)")); break; }
                    if (category != WellKnown) { Malformed(outcome, BgpErrorCodes.AttributeFlagsError, "LOCAL_PREF flags", "§3 c"); break; }
                    if (len != 4) { Malformed(outcome, BgpErrorCodes.AttributeLengthError, "LOCAL_PREF length", "§7.5"); break; }
                    localPref = BinaryPrimitives.ReadUInt32BigEndian(v);
                    break;
                case PathAttributeType.AtomicAggregate:
                    if (category != WellKnown || len != 0) { outcome.Add(Discard("malformed ATOMIC_AGGREGATE discarded (RFC 7606 §7.6)")); break; }
                    atomic = true;
                    break;
                case PathAttributeType.Aggregator:
                    if (category != OptionalTransitive || len != 2 + asSize + 2) { outcome.Add(Discard("malformed AGGREGATOR discarded (RFC 7606 §7.7)")); break; }
                    aggregator = new Aggregator(asSize == 4 ? BinaryPrimitives.ReadUInt32BigEndian(v) : BinaryPrimitives.ReadUInt16BigEndian(v), new IPAddress(v[asSize..]));
                    break;
                case PathAttributeType.Communities:
                    if (category != OptionalTransitive) { Malformed(outcome, BgpErrorCodes.AttributeFlagsError, "COMMUNITIES flags", "§3 c"); break; }
                    if (len == 0 || len % 4 != 0) { Malformed(outcome, BgpErrorCodes.AttributeLengthError, "COMMUNITIES length", "§7.8"); break; }
                    communities = ReadUInts(v);
                    break;
                case PathAttributeType.OriginatorId:
                    if (category != OptionalNonTransitive) { Malformed(outcome, BgpErrorCodes.AttributeFlagsError, "ORIGINATOR_ID flags", "§3 c"); break; }
                    if (len != 4) { Malformed(outcome, BgpErrorCodes.AttributeLengthError, "ORIGINATOR_ID length", "§7.9"); break; }
                    originatorId = BinaryPrimitives.ReadUInt32BigEndian(v);
                    break;
                case PathAttributeType.ClusterList:
                    if (category != OptionalNonTransitive) { Malformed(outcome, BgpErrorCodes.AttributeFlagsError, "CLUSTER_LIST flags", "§3 c"); break; }
                    if (len == 0 || len % 4 != 0) { Malformed(outcome, BgpErrorCodes.AttributeLengthError, "CLUSTER_LIST length", "§7.10"); break; }
                    clusterList = ReadUInts(v);
                    break;
                case PathAttributeType.MpReachNlri:
                {
                    if (!MultiprotocolNlriCodec.TryReadReach(v, options.AddPathReceiveEvpn, out reach, out var err))
                    {
                        outcome.Add(NlriReset(err!, raw, "§7.11"));
                        return Finish();
                    }
                    AddUndecodable(outcome, reach!.UndecodableEvpnRoutes);
                    // Wrong flags on an attribute we can still parse: the routes are known, so treat-as-withdraw (RFC 7606 §3 c).
                    if (category != OptionalNonTransitive) Malformed(outcome, BgpErrorCodes.AttributeFlagsError, "MP_REACH_NLRI flags", "§3 c");
                    break;
                }
                case PathAttributeType.MpUnreachNlri:
                {
                    if (!MultiprotocolNlriCodec.TryReadUnreach(v, options.AddPathReceiveEvpn, out unreach, out var err))
                    {
                        outcome.Add(NlriReset(err!, raw, "§7.12"));
                        return Finish();
                    }
                    AddUndecodable(outcome, unreach!.UndecodableEvpnRoutes);
                    if (category != OptionalNonTransitive) Malformed(outcome, BgpErrorCodes.AttributeFlagsError, "MP_UNREACH_NLRI flags", "§3 c");
                    break;
                }
                case PathAttributeType.ExtendedCommunities:
                    if (category != OptionalTransitive) { Malformed(outcome, BgpErrorCodes.AttributeFlagsError, "EXTENDED_COMMUNITIES flags", "§3 c"); break; }
                    if (len == 0 || len % 8 != 0) { Malformed(outcome, BgpErrorCodes.AttributeLengthError, "EXTENDED_COMMUNITIES length", "§7.14"); break; }
                    extended = new ExtendedCommunity[len / 8];
                    for (int i = 0; i < extended.Length; i++) extended[i] = ExtendedCommunity.Read(v[(i * 8)..]);
                    break;
                case PathAttributeType.As4Path:
                {
                    // RFC 6793 §4.2.1 / §6: ignored between 4-octet speakers; malformed → attribute discard.
                    if (options.FourOctetAs) { outcome.Add(Discard("AS4_PATH from a 4-octet-AS speaker discarded (RFC 6793 §4.2.1)")); break; }
                    var path = category == OptionalTransitive ? AsPathCodec.TryRead(v, 4, out _) : null;
                    if (path is null) { outcome.Add(Discard("malformed AS4_PATH discarded (RFC 6793 §6)")); break; }
                    as4Path = path;
                    break;
                }
                case PathAttributeType.As4Aggregator:
                    if (options.FourOctetAs) { outcome.Add(Discard("AS4_AGGREGATOR from a 4-octet-AS speaker discarded (RFC 6793 §4.2.1)")); break; }
                    if (category != OptionalTransitive || len != 8) { outcome.Add(Discard("malformed AS4_AGGREGATOR discarded (RFC 6793 §6)")); break; }
                    as4Aggregator = new Aggregator(BinaryPrimitives.ReadUInt32BigEndian(v), new IPAddress(v[4..]));
                    break;
                case PathAttributeType.PmsiTunnel:
                    // RFC 6514 §5 layout; an IMET route without a usable PMSI cannot be used (RFC 7432 §11.2), so treat-as-withdraw.
                    if (category != OptionalTransitive) { Malformed(outcome, BgpErrorCodes.AttributeFlagsError, "PMSI_TUNNEL flags", "§3 c"); break; }
                    if (len < 5) { Malformed(outcome, BgpErrorCodes.AttributeLengthError, "PMSI_TUNNEL length", "§3 (RFC 6514 §5)"); break; }
                    pmsi = new PmsiTunnel(v[0], v[1], Evpn.EvpnNlriCodec.ReadLabel(v[2..]), v[5..].ToArray());
                    break;
                case PathAttributeType.LargeCommunities:
                    if (category != OptionalTransitive) { Malformed(outcome, BgpErrorCodes.AttributeFlagsError, "LARGE_COMMUNITY flags", "§3 c"); break; }
                    if (len == 0 || len % 12 != 0) { Malformed(outcome, BgpErrorCodes.AttributeLengthError, "LARGE_COMMUNITY length", "(RFC 8092 §5)"); break; }
                    large = v.ToArray();
                    break;
                default:
                    if ((flags & (byte)PathAttributeFlags.Optional) == 0)
                    {
                        // RFC 4271 §6.3: an unrecognised well-known attribute resets with the attribute as data.
                        outcome.Add(BgpDecodeError.Update(BgpErrorCodes.UnrecognizedWellKnownAttribute, BgpErrorAction.SessionReset, $"unrecognised well-known attribute {type}", raw.ToArray()));
                        return Finish();
                    }
                    if ((flags & (byte)PathAttributeFlags.Transitive) == 0)
                    {
                        // RFC 4271 §5: unrecognised optional non-transitive attributes are quietly ignored and not passed on.
                        outcome.Add(BgpDecodeError.Note($"unrecognised optional non-transitive attribute {type} ignored"));
                        break;
                    }
                    // Extended Length on a value over 255 octets is implied (the writer sets it again); on a short value it is kept.
                    var kept = len > 255 ? (PathAttributeFlags)(flags & ~(byte)PathAttributeFlags.ExtendedLength) : (PathAttributeFlags)flags;
                    (unknown ??= []).Add(new UnknownPathAttribute(kept, type, v.ToArray()));
                    break;
            }
            if (outcome.IsReset) break;
        }
        return Finish();

        PathAttributeBlock Finish()
        {
            if (as4Path is not null && asPath is not null) asPath = AsPathCodec.Merge(asPath, as4Path);
            if (as4Aggregator is not null && aggregator is not null && aggregator.Asn == BgpConstants.AsTrans) aggregator = as4Aggregator;
            var attrs = !any && unknown is null ? PathAttributes.Empty : new PathAttributes
            {
                Origin = origin, AsPath = asPath, NextHop = nextHop, MultiExitDisc = med, LocalPref = localPref, AtomicAggregate = atomic,
                Aggregator = aggregator, Communities = communities, OriginatorId = originatorId, ClusterList = clusterList,
                ExtendedCommunities = extended, PmsiTunnel = pmsi, LargeCommunities = large, Unknown = unknown is null ? [] : unknown.ToArray(),
            };
            if (any && IsEmpty(attrs)) attrs = PathAttributes.Empty;
            return new PathAttributeBlock(attrs, outcome.IsReset ? null : reach, outcome.IsReset ? null : unreach, outcome.Errors);
        }
    }

    private static bool IsEmpty(PathAttributes a) =>
        a.Origin is null && a.AsPath is null && a.NextHop is null && a.MultiExitDisc is null && a.LocalPref is null && !a.AtomicAggregate &&
        a.Aggregator is null && a.Communities.Length == 0 && a.OriginatorId is null && a.ClusterList.Length == 0 &&
        a.ExtendedCommunities.Length == 0 && a.PmsiTunnel is null && a.LargeCommunities is null && a.Unknown.Length == 0;

    /// <summary>
    /// RFC 7606 §4: an attribute overrunning the field is treat-as-withdraw only if the NLRI can still be found; we
    /// can be sure of that only when MP_REACH/MP_UNREACH was already read (they come first, §5.1). Otherwise reset.
    /// </summary>
    private static void Overrun(UpdateErrorOutcome outcome, MpReachNlri? reach, MpUnreachNlri? unreach, string why)
    {
        if (reach is not null || unreach is not null) outcome.Add(BgpDecodeError.Update(BgpErrorCodes.MalformedAttributeList, BgpErrorAction.TreatAsWithdraw, why + "; treat-as-withdraw"));
        else outcome.Add(BgpDecodeError.Update(BgpErrorCodes.MalformedAttributeList, BgpErrorAction.SessionReset, why));
    }

    private static void Malformed(UpdateErrorOutcome outcome, byte subcode, string what, string section) =>
        outcome.Add(BgpDecodeError.Update(subcode, BgpErrorAction.TreatAsWithdraw, $"malformed {what}: treat-as-withdraw (RFC 7606 {section})"));

    private static BgpDecodeError Discard(string why) => BgpDecodeError.Update(BgpErrorCodes.MalformedAttributeList, BgpErrorAction.AttributeDiscard, why);

    /// <summary>MP_REACH / MP_UNREACH that cannot be parsed: the reset carries the attribute as data for subcode 9 (RFC 4760 §7).</summary>
    private static BgpDecodeError NlriReset(BgpDecodeError error, ReadOnlySpan<byte> attribute, string section) =>
        error with { Data = error.Subcode == BgpErrorCodes.OptionalAttributeError ? attribute.ToArray() : error.Data, Reason = $"{error.Reason} (RFC 7606 {section})" };

    /// <summary>Every undecodable EVPN entry is logged and withdrawn on its own (RFC 7606 §5.3, §8).</summary>
    private static void AddUndecodable(UpdateErrorOutcome outcome, Evpn.UndecodableEvpnRoute[] routes)
    {
        foreach (var r in routes)
            outcome.Add(BgpDecodeError.Update(BgpErrorCodes.InvalidNetworkField, BgpErrorAction.RouteWithdraw, r.Reason, [r.TypeCode, (byte)r.Value.Length, .. r.Value]));
    }

    private static uint[] ReadUInts(ReadOnlySpan<byte> v)
    {
        var r = new uint[v.Length / 4];
        for (int i = 0; i < r.Length; i++) r[i] = BinaryPrimitives.ReadUInt32BigEndian(v[(i * 4)..]);
        return r;
    }

    // ---------------------------------------------------------------- encoding

    private static int HeaderLength(int valueLength, bool forceExtended = false) => valueLength > 255 || forceExtended ? 4 : 3;

    private static int WriteHeader(Span<byte> d, byte flags, byte type, int valueLength, bool forceExtended = false)
    {
        if (valueLength > ushort.MaxValue) throw new ArgumentException($"attribute {type} value of {valueLength} octets is too long");
        if (valueLength > 255 || forceExtended)
        {
            d[0] = (byte)(flags | (byte)PathAttributeFlags.ExtendedLength);
            d[1] = type;
            BinaryPrimitives.WriteUInt16BigEndian(d[2..], (ushort)valueLength);
            return 4;
        }
        d[0] = (byte)(flags & ~(byte)PathAttributeFlags.ExtendedLength);
        d[1] = type;
        d[2] = (byte)valueLength;
        return 3;
    }

    public static int GetMpReachLength(MpReachNlri reach, BgpCodecOptions options)
    {
        int v = MultiprotocolNlriCodec.GetReachLength(reach, options.AddPathSendEvpn);
        return HeaderLength(v) + v;
    }

    public static int GetMpUnreachLength(MpUnreachNlri unreach, BgpCodecOptions options)
    {
        int v = MultiprotocolNlriCodec.GetUnreachLength(unreach, options.AddPathSendEvpn);
        return HeaderLength(v) + v;
    }

    public static int WriteMpReach(MpReachNlri reach, Span<byte> d, BgpCodecOptions options)
    {
        int v = MultiprotocolNlriCodec.GetReachLength(reach, options.AddPathSendEvpn);
        int h = WriteHeader(d, OptionalNonTransitive, (byte)PathAttributeType.MpReachNlri, v);
        return h + MultiprotocolNlriCodec.WriteReach(reach, d[h..], options.AddPathSendEvpn);
    }

    public static int WriteMpUnreach(MpUnreachNlri unreach, Span<byte> d, BgpCodecOptions options)
    {
        int v = MultiprotocolNlriCodec.GetUnreachLength(unreach, options.AddPathSendEvpn);
        int h = WriteHeader(d, OptionalNonTransitive, (byte)PathAttributeType.MpUnreachNlri, v);
        return h + MultiprotocolNlriCodec.WriteUnreach(unreach, d[h..], options.AddPathSendEvpn);
    }

    /// <summary>Encoded length of the attributes other than MP_REACH / MP_UNREACH.</summary>
    public static int GetLength(PathAttributes a, BgpCodecOptions options)
    {
        int asSize = options.FourOctetAs ? 4 : 2;
        int n = 0;
        if (a.Origin is not null) n += 4;
        if (a.AsPath is { } path)
        {
            n += Sized(AsPathCodec.GetLength(path, asSize, false));
            if (!options.FourOctetAs && AsPathCodec.NeedsAs4Path(path)) n += Sized(AsPathCodec.GetLength(path, 4, true));
        }
        if (a.NextHop is not null) n += 7;
        if (a.MultiExitDisc is not null) n += 7;
        if (a.LocalPref is not null) n += 7;
        if (a.AtomicAggregate) n += 3;
        if (a.Aggregator is { } agg)
        {
            n += 3 + 2 + asSize + 2;
            if (!options.FourOctetAs && agg.Asn > ushort.MaxValue) n += 11;
        }
        if (a.Communities.Length > 0) n += Sized(a.Communities.Length * 4);
        if (a.OriginatorId is not null) n += 7;
        if (a.ClusterList.Length > 0) n += Sized(a.ClusterList.Length * 4);
        if (a.ExtendedCommunities.Length > 0) n += Sized(a.ExtendedCommunities.Length * 8);
        if (a.PmsiTunnel is { } pmsi) n += Sized(5 + pmsi.TunnelIdentifier.Length);
        if (a.LargeCommunities is { Length: > 0 } large) n += Sized(large.Length);
        foreach (var u in a.Unknown) n += HeaderLength(u.Value.Length, (u.Flags & PathAttributeFlags.ExtendedLength) != 0) + u.Value.Length;
        return n;

        static int Sized(int v) => HeaderLength(v) + v;
    }

    /// <summary>Writes the attributes other than MP_REACH / MP_UNREACH in type-code order, unknown ones last in received order.</summary>
    public static int Write(PathAttributes a, Span<byte> d, BgpCodecOptions options)
    {
        int asSize = options.FourOctetAs ? 4 : 2;
        int p = 0;
        if (a.Origin is { } origin)
        {
            p += WriteHeader(d[p..], WellKnown, (byte)PathAttributeType.Origin, 1);
            d[p++] = (byte)origin;
        }
        if (a.AsPath is { } path)
        {
            int len = AsPathCodec.GetLength(path, asSize, false);
            p += WriteHeader(d[p..], WellKnown, (byte)PathAttributeType.AsPath, len);
            p += AsPathCodec.Write(path, d[p..], asSize, false);
        }
        if (a.NextHop is { } nh)
        {
            p += WriteHeader(d[p..], WellKnown, (byte)PathAttributeType.NextHop, 4);
            if (nh.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork) throw new ArgumentException("NEXT_HOP attribute must be IPv4 (RFC 4271 §5.1.3)");
            Evpn.EvpnNlriCodec.WriteAddress(d[p..], nh);
            p += 4;
        }
        if (a.MultiExitDisc is { } med) p += WriteUInt(d[p..], OptionalNonTransitive, PathAttributeType.MultiExitDisc, med);
        if (a.LocalPref is { } lp) p += WriteUInt(d[p..], WellKnown, PathAttributeType.LocalPref, lp);
        if (a.AtomicAggregate) p += WriteHeader(d[p..], WellKnown, (byte)PathAttributeType.AtomicAggregate, 0);
        if (a.Aggregator is { } agg)
        {
            p += WriteHeader(d[p..], OptionalTransitive, (byte)PathAttributeType.Aggregator, 2 + asSize + 2);
            if (asSize == 4) BinaryPrimitives.WriteUInt32BigEndian(d[p..], agg.Asn);
            else BinaryPrimitives.WriteUInt16BigEndian(d[p..], agg.Asn > ushort.MaxValue ? BgpConstants.AsTrans : (ushort)agg.Asn);
            p += asSize;
            Evpn.EvpnNlriCodec.WriteAddress(d[p..], agg.Address);
            p += 4;
        }
        if (a.Communities.Length > 0) p += WriteUInts(d[p..], OptionalTransitive, PathAttributeType.Communities, a.Communities);
        if (a.OriginatorId is { } oid) p += WriteUInt(d[p..], OptionalNonTransitive, PathAttributeType.OriginatorId, oid);
        if (a.ClusterList.Length > 0) p += WriteUInts(d[p..], OptionalNonTransitive, PathAttributeType.ClusterList, a.ClusterList);
        if (a.ExtendedCommunities.Length > 0)
        {
            p += WriteHeader(d[p..], OptionalTransitive, (byte)PathAttributeType.ExtendedCommunities, a.ExtendedCommunities.Length * 8);
            foreach (var c in a.ExtendedCommunities) { c.Write(d[p..]); p += 8; }
        }
        if (a.AsPath is { } path4 && !options.FourOctetAs && AsPathCodec.NeedsAs4Path(path4))
        {
            // RFC 6793 §4.2.2: towards a 2-octet-AS speaker, the real path travels in AS4_PATH (no confederation segments).
            int len = AsPathCodec.GetLength(path4, 4, true);
            p += WriteHeader(d[p..], OptionalTransitive, (byte)PathAttributeType.As4Path, len);
            p += AsPathCodec.Write(path4, d[p..], 4, true);
        }
        if (a.Aggregator is { } agg4 && !options.FourOctetAs && agg4.Asn > ushort.MaxValue)
        {
            p += WriteHeader(d[p..], OptionalTransitive, (byte)PathAttributeType.As4Aggregator, 8);
            BinaryPrimitives.WriteUInt32BigEndian(d[p..], agg4.Asn);
            Evpn.EvpnNlriCodec.WriteAddress(d[(p + 4)..], agg4.Address);
            p += 8;
        }
        if (a.PmsiTunnel is { } pmsi)
        {
            p += WriteHeader(d[p..], OptionalTransitive, (byte)PathAttributeType.PmsiTunnel, 5 + pmsi.TunnelIdentifier.Length);
            d[p] = pmsi.Flags;
            d[p + 1] = pmsi.TunnelType;
            Evpn.EvpnNlriCodec.WriteLabel(d[(p + 2)..], pmsi.Label);
            pmsi.TunnelIdentifier.CopyTo(d[(p + 5)..]);
            p += 5 + pmsi.TunnelIdentifier.Length;
        }
        if (a.LargeCommunities is { Length: > 0 } large)
        {
            p += WriteHeader(d[p..], OptionalTransitive, (byte)PathAttributeType.LargeCommunities, large.Length);
            large.CopyTo(d[p..]);
            p += large.Length;
        }
        foreach (var u in a.Unknown)
        {
            // Byte for byte: keep the received flags, including an Extended Length bit on a short value.
            p += WriteHeader(d[p..], (byte)u.Flags, u.TypeCode, u.Value.Length, (u.Flags & PathAttributeFlags.ExtendedLength) != 0);
            u.Value.CopyTo(d[p..]);
            p += u.Value.Length;
        }
        return p;
    }

    /// <summary>Encodes the attributes other than MP_REACH / MP_UNREACH into a new array (e.g. once per update group).</summary>
    public static byte[] ToBytes(PathAttributes attributes, BgpCodecOptions options)
    {
        var b = new byte[GetLength(attributes, options)];
        Write(attributes, b, options);
        return b;
    }

    private static int WriteUInt(Span<byte> d, byte flags, PathAttributeType type, uint value)
    {
        int h = WriteHeader(d, flags, (byte)type, 4);
        BinaryPrimitives.WriteUInt32BigEndian(d[h..], value);
        return h + 4;
    }

    private static int WriteUInts(Span<byte> d, byte flags, PathAttributeType type, uint[] values)
    {
        int h = WriteHeader(d, flags, (byte)type, values.Length * 4);
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteUInt32BigEndian(d[(h + 4 * i)..], values[i]);
        return h + values.Length * 4;
    }
}
