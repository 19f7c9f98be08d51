using System.Buffers.Binary;
using System.Net;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Wire.Bgp;

/// <summary>
/// Values of MP_REACH_NLRI (RFC 4760 §3: AFI(2) SAFI(1) NH-Len(1) Next Hop Reserved(1) NLRI) and MP_UNREACH_NLRI
/// (RFC 4760 §4: AFI(2) SAFI(1) Withdrawn NLRI). EVPN NLRI are decoded, with a 4-octet path identifier before each
/// entry when ADD-PATH is in force for the direction (RFC 7911 §3); other families stay raw.
/// </summary>
public static class MultiprotocolNlriCodec
{
    /// <summary>
    /// Reads an MP_REACH_NLRI value. False when the withdrawals cannot be determined and the session must be reset
    /// (RFC 7606 §7.11); the error's subcode is 9 (Optional Attribute Error, RFC 4760 §7) for a bad header or next
    /// hop, 10 (Invalid Network Field, RFC 4271 §6.3, RFC 7606 §5.3) for NLRI that cannot be delimited. EVPN entries
    /// that are delimited but malformed do not fail the read: they land in <see cref="MpReachNlri.UndecodableEvpnRoutes"/>.
    /// </summary>
    public static bool TryReadReach(ReadOnlySpan<byte> v, bool addPath, out MpReachNlri? reach, out BgpDecodeError? error)
    {
        reach = null;
        if (v.Length < 5) { error = Bad(BgpErrorCodes.OptionalAttributeError, $"MP_REACH_NLRI of {v.Length} octets is too short"); return false; }
        ushort afi = BinaryPrimitives.ReadUInt16BigEndian(v);
        byte safi = v[2];
        int nhLen = v[3];
        if (v.Length < 4 + nhLen + 1) { error = Bad(BgpErrorCodes.OptionalAttributeError, $"MP_REACH_NLRI next-hop length {nhLen} overruns the attribute"); return false; }
        var nh = v.Slice(4, nhLen);
        var nlri = v[(5 + nhLen)..]; // the octet after the next hop is Reserved, ignored on receipt (RFC 4760 §3)
        bool evpn = afi == BgpConstants.AfiL2vpn && safi == BgpConstants.SafiEvpn;
        // RFC 7606 §7.11: the NLRI cannot be located reliably after a bad next-hop length.
        if (evpn && nhLen is not (4 or 16 or 32)) { error = Bad(BgpErrorCodes.OptionalAttributeError, $"EVPN MP_REACH_NLRI next-hop length {nhLen}, expected 4, 16 or 32"); return false; }
        IPAddress nextHop = nhLen switch
        {
            4 => EvpnNlriCodec.ReadAddress(nh),
            16 or 32 => new IPAddress(nh[..16]),
            _ => IPAddress.Any,
        };
        IPAddress? linkLocal = nhLen == 32 ? new IPAddress(nh[16..]) : null;
        byte[]? rawNextHop = nhLen is 4 or 16 or 32 ? null : nh.ToArray();
        if (IsRouteTargetConstraint(afi, safi))
        {
            // RFC 4684 §4: the next hop is an IPv4 address; RFC 7606 §7.11 when it cannot be one.
            if (nhLen is not (4 or 16 or 32)) { error = Bad(BgpErrorCodes.OptionalAttributeError, $"RTC MP_REACH_NLRI next-hop length {nhLen}"); return false; }
            if (!RouteTargetMembershipCodec.TryRead(nlri, out var members, out error)) return false;
            reach = new MpReachNlri(afi, safi, nextHop, []) { LinkLocalNextHop = linkLocal, RouteTargetMemberships = members };
            return true;
        }
        error = null;
        if (!evpn)
        {
            reach = new MpReachNlri(afi, safi, nextHop, []) { LinkLocalNextHop = linkLocal, RawNextHop = rawNextHop, OtherNlri = nlri.ToArray() };
            return true;
        }
        if (!TryReadEvpnNlri(nlri, addPath, out var routes, out var ids, out var undecodable, out error)) return false;
        reach = new MpReachNlri(afi, safi, nextHop, routes) { LinkLocalNextHop = linkLocal, PathIds = ids, UndecodableEvpnRoutes = undecodable };
        return true;
    }

    /// <summary>Reads an MP_UNREACH_NLRI value; false = reset (RFC 7606 §7.12), errors as for <see cref="TryReadReach"/>.</summary>
    public static bool TryReadUnreach(ReadOnlySpan<byte> v, bool addPath, out MpUnreachNlri? unreach, out BgpDecodeError? error)
    {
        unreach = null;
        if (v.Length < 3) { error = Bad(BgpErrorCodes.OptionalAttributeError, $"MP_UNREACH_NLRI of {v.Length} octets is too short"); return false; }
        ushort afi = BinaryPrimitives.ReadUInt16BigEndian(v);
        byte safi = v[2];
        var nlri = v[3..];
        if (IsRouteTargetConstraint(afi, safi))
        {
            if (!RouteTargetMembershipCodec.TryRead(nlri, out var members, out error)) return false;
            unreach = new MpUnreachNlri(afi, safi, []) { RouteTargetMemberships = members };
            return true;
        }
        error = null;
        if (afi != BgpConstants.AfiL2vpn || safi != BgpConstants.SafiEvpn)
        {
            unreach = new MpUnreachNlri(afi, safi, []) { OtherNlri = nlri.ToArray() };
            return true;
        }
        if (!TryReadEvpnNlri(nlri, addPath, out var routes, out var ids, out var undecodable, out error)) return false;
        unreach = new MpUnreachNlri(afi, safi, routes) { PathIds = ids, UndecodableEvpnRoutes = undecodable };
        return true;
    }

    /// <summary>
    /// Reads a whole EVPN NLRI field. The entries are delimited first (so the route array is allocated once): an entry
    /// that overruns the field leaves nothing reliable to withdraw, which is a reset (RFC 7606 §5.3). An entry whose
    /// Length octet fits but whose value does not match its type's layout is kept aside in
    /// <paramref name="undecodable"/>, and the entries after it are still read.
    /// </summary>
    public static bool TryReadEvpnNlri(ReadOnlySpan<byte> nlri, bool addPath, out EvpnRoute[] routes, out uint[]? pathIds,
        out UndecodableEvpnRoute[] undecodable, out BgpDecodeError? error)
    {
        routes = []; pathIds = null; undecodable = []; error = null;
        int prefix = addPath ? 4 : 0;
        int count = 0;
        for (int p = 0; p < nlri.Length; count++)
        {
            if (nlri.Length - p < prefix + 2) { error = Bad(BgpErrorCodes.InvalidNetworkField, "EVPN NLRI entry truncated before its length octet (RFC 7606 §5.3)"); return false; }
            p += prefix + 2 + nlri[p + prefix + 1];
            if (p > nlri.Length) { error = Bad(BgpErrorCodes.InvalidNetworkField, "EVPN NLRI entry overruns the NLRI field (RFC 7606 §5.3)"); return false; }
        }
        if (count == 0) { pathIds = addPath ? [] : null; return true; }
        routes = new EvpnRoute[count];
        if (addPath) pathIds = new uint[count];
        List<UndecodableEvpnRoute>? bad = null;
        int good = 0;
        for (int i = 0, p = 0; i < count; i++)
        {
            uint id = 0;
            if (addPath) { id = BinaryPrimitives.ReadUInt32BigEndian(nlri[p..]); p += 4; }
            if (EvpnNlriCodec.TryRead(nlri[p..], out var route, out int used, out var entryError))
            {
                if (addPath) pathIds![good] = id;
                routes[good++] = route;
            }
            else
            {
                var entry = nlri.Slice(p, used);
                (bad ??= []).Add(new UndecodableEvpnRoute(entry[0], entry[2..].ToArray(), entryError!.Reason, EvpnNlriCodec.RecoverKey(entry)) { PathId = addPath ? id : null });
            }
            p += used;
        }
        if (bad is null) return true;
        Array.Resize(ref routes, good);
        if (pathIds is not null) Array.Resize(ref pathIds, good);
        undecodable = bad.ToArray();
        return true;
    }

    private static BgpDecodeError Bad(byte subcode, string reason) => BgpDecodeError.Update(subcode, BgpErrorAction.SessionReset, reason);

    /// <summary>AFI 1 / SAFI 132: route target membership (RFC 4684 §4).</summary>
    public static bool IsRouteTargetConstraint(ushort afi, byte safi) =>
        afi == BgpConstants.AfiIpv4 && safi == BgpConstants.SafiRouteTargetConstraint;

    public static int GetReachLength(MpReachNlri reach, bool addPath) =>
        5 + NextHopLength(reach) + (reach.OtherNlri.Length + GetEvpnNlriLength(reach.EvpnRoutes, addPath)) +
        RouteTargetMembershipCodec.GetLength(reach.RouteTargetMemberships);

    public static int GetUnreachLength(MpUnreachNlri unreach, bool addPath) =>
        3 + unreach.OtherNlri.Length + GetEvpnNlriLength(unreach.EvpnRoutes, addPath) +
        RouteTargetMembershipCodec.GetLength(unreach.RouteTargetMemberships);

    public static int GetEvpnNlriLength(EvpnRoute[] routes, bool addPath)
    {
        int n = addPath ? 4 * routes.Length : 0;
        foreach (var r in routes) n += EvpnNlriCodec.GetLength(r);
        return n;
    }

    public static int WriteReach(MpReachNlri reach, Span<byte> d, bool addPath)
    {
        BinaryPrimitives.WriteUInt16BigEndian(d, reach.Afi);
        d[2] = reach.Safi;
        int nhLen = NextHopLength(reach);
        d[3] = (byte)nhLen;
        WriteNextHop(reach, d.Slice(4, nhLen));
        d[4 + nhLen] = 0;
        int p = 5 + nhLen;
        reach.OtherNlri.CopyTo(d[p..]);
        p += reach.OtherNlri.Length;
        p += WriteEvpnNlri(reach.EvpnRoutes, reach.PathIds, d[p..], addPath);
        p += RouteTargetMembershipCodec.Write(reach.RouteTargetMemberships, d[p..]);
        return p;
    }

    public static int WriteUnreach(MpUnreachNlri unreach, Span<byte> d, bool addPath)
    {
        BinaryPrimitives.WriteUInt16BigEndian(d, unreach.Afi);
        d[2] = unreach.Safi;
        int p = 3;
        unreach.OtherNlri.CopyTo(d[p..]);
        p += unreach.OtherNlri.Length;
        p += WriteEvpnNlri(unreach.EvpnRoutes, unreach.PathIds, d[p..], addPath);
        p += RouteTargetMembershipCodec.Write(unreach.RouteTargetMemberships, d[p..]);
        return p;
    }

    /// <summary>Writes entries; with ADD-PATH each is preceded by its path identifier (0 when none given).</summary>
    public static int WriteEvpnNlri(ReadOnlySpan<EvpnRoute> routes, ReadOnlySpan<uint> pathIds, Span<byte> d, bool addPath)
    {
        int p = 0;
        for (int i = 0; i < routes.Length; i++)
        {
            if (addPath)
            {
                BinaryPrimitives.WriteUInt32BigEndian(d[p..], i < pathIds.Length ? pathIds[i] : 0);
                p += 4;
            }
            p += EvpnNlriCodec.Write(routes[i], d[p..]);
        }
        return p;
    }

    internal static int NextHopLength(MpReachNlri reach) =>
        reach.RawNextHop?.Length ?? (EvpnNlriCodec.AddressLength(reach.NextHop) + (reach.LinkLocalNextHop is null ? 0 : 16));

    internal static int NextHopLength(IPAddress nextHop, IPAddress? linkLocal) =>
        EvpnNlriCodec.AddressLength(nextHop) + (linkLocal is null ? 0 : 16);

    private static void WriteNextHop(MpReachNlri reach, Span<byte> d)
    {
        if (reach.RawNextHop is { } raw) { raw.CopyTo(d); return; }
        EvpnNlriCodec.WriteAddress(d, reach.NextHop);
        if (reach.LinkLocalNextHop is { } ll) EvpnNlriCodec.WriteAddress(d[16..], ll);
    }
}
