using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Wire.Bgp;

/// <summary>
/// Packs EVPN announcements and withdrawals into as few UPDATEs as fit the session's maximum message length
/// (RFC 4271 §4.3, RFC 8654). Routes that share one attribute set and next hop travel together.
/// <para>
/// Hot path (route reflection): encode an attribute set once with <see cref="EncodeAttributes"/>, then
/// <see cref="WriteAnnouncements"/> writes finished UPDATE bytes straight into an <see cref="IBufferWriter{T}"/>; the
/// same bytes can go to every client of an update group (same options), so the encoding cost is paid once.
/// </para>
/// </summary>
public static class UpdatePacker
{
    private const int MpHeader = 4;          // MP attribute header with Extended Length (budgeted; shrunk to 3 when it fits)
    private const int UpdateFixed = BgpConstants.HeaderLength + 4; // header + withdrawn length + total attribute length

    /// <summary>Encodes the attributes (other than MP_REACH / MP_UNREACH) for reuse across many UPDATEs.</summary>
    public static byte[] EncodeAttributes(PathAttributes attributes, BgpCodecOptions options) => PathAttributeCodec.ToBytes(attributes, options);

    /// <summary>
    /// Writes UPDATEs announcing <paramref name="routes"/> (EVPN, MP_REACH_NLRI first, RFC 7606 §5.1) with the
    /// pre-encoded <paramref name="encodedAttributes"/> and <paramref name="nextHop"/>; returns how many messages
    /// were written. <paramref name="pathIds"/> is used when options.AddPathSendEvpn (0 for missing entries).
    /// </summary>
    public static int WriteAnnouncements(IBufferWriter<byte> output, ReadOnlySpan<EvpnRoute> routes, ReadOnlySpan<byte> encodedAttributes, IPAddress nextHop,
        BgpCodecOptions options, ReadOnlySpan<uint> pathIds = default)
    {
        int nhLen = MultiprotocolNlriCodec.NextHopLength(nextHop, null);
        int fixedLen = UpdateFixed + MpHeader + 5 + nhLen + encodedAttributes.Length;
        int messages = 0;
        bool addPath = options.AddPathSendEvpn;
        for (int start = 0; start < routes.Length;)
        {
            int count = FitRoutes(routes[start..], addPath, options.MaxMessageLength - fixedLen, out int nlriLen);
            int value = 5 + nhLen + nlriLen;
            int mpHdr = value > 255 ? 4 : 3;
            int total = UpdateFixed + mpHdr + value + encodedAttributes.Length;
            var d = output.GetSpan(total);
            BgpMessageWriter.WriteHeader(d, total, BgpMessageType.Update);
            int p = BgpConstants.HeaderLength;
            BinaryPrimitives.WriteUInt16BigEndian(d[p..], 0);
            BinaryPrimitives.WriteUInt16BigEndian(d[(p + 2)..], (ushort)(mpHdr + value + encodedAttributes.Length));
            p += 4;
            p += WriteMpHeader(d[p..], PathAttributeType.MpReachNlri, value);
            BinaryPrimitives.WriteUInt16BigEndian(d[p..], BgpConstants.AfiL2vpn);
            d[p + 2] = BgpConstants.SafiEvpn;
            d[p + 3] = (byte)nhLen;
            EvpnNlriCodec.WriteAddress(d[(p + 4)..], nextHop);
            d[p + 4 + nhLen] = 0;
            p += 5 + nhLen;
            p += MultiprotocolNlriCodec.WriteEvpnNlri(routes.Slice(start, count), Slice(pathIds, start, count), d[p..], addPath);
            encodedAttributes.CopyTo(d[p..]);
            output.Advance(total);
            start += count;
            messages++;
        }
        return messages;
    }

    /// <summary>Writes UPDATEs whose only attribute is MP_UNREACH_NLRI withdrawing <paramref name="routes"/>; returns the message count.</summary>
    public static int WriteWithdrawals(IBufferWriter<byte> output, ReadOnlySpan<EvpnRoute> routes, BgpCodecOptions options, ReadOnlySpan<uint> pathIds = default)
    {
        int messages = 0;
        bool addPath = options.AddPathSendEvpn;
        for (int start = 0; start < routes.Length;)
        {
            int count = FitRoutes(routes[start..], addPath, options.MaxMessageLength - UpdateFixed - MpHeader - 3, out int nlriLen);
            int value = 3 + nlriLen;
            int mpHdr = value > 255 ? 4 : 3;
            int total = UpdateFixed + mpHdr + value;
            var d = output.GetSpan(total);
            BgpMessageWriter.WriteHeader(d, total, BgpMessageType.Update);
            int p = BgpConstants.HeaderLength;
            BinaryPrimitives.WriteUInt16BigEndian(d[p..], 0);
            BinaryPrimitives.WriteUInt16BigEndian(d[(p + 2)..], (ushort)(mpHdr + value));
            p += 4;
            p += WriteMpHeader(d[p..], PathAttributeType.MpUnreachNlri, value);
            BinaryPrimitives.WriteUInt16BigEndian(d[p..], BgpConstants.AfiL2vpn);
            d[p + 2] = BgpConstants.SafiEvpn;
            p += 3;
            MultiprotocolNlriCodec.WriteEvpnNlri(routes.Slice(start, count), Slice(pathIds, start, count), d[p..], addPath);
            output.Advance(total);
            start += count;
            messages++;
        }
        return messages;
    }

    /// <summary>
    /// Object form: withdrawals first, then one run of UPDATEs per distinct (attributes, next hop) in order of first
    /// appearance. Grouping uses structural equality of <see cref="PathAttributes"/>; the output order never depends on hash values.
    /// </summary>
    public static List<UpdateMessage> Pack(IReadOnlyList<EvpnAnnouncement> announcements, IReadOnlyList<EvpnRoute> withdrawals, BgpCodecOptions options,
        IReadOnlyList<uint>? withdrawalPathIds = null)
    {
        var result = new List<UpdateMessage>();
        bool addPath = options.AddPathSendEvpn;
        if (withdrawals.Count > 0)
        {
            var all = withdrawals.ToArray();
            var ids = withdrawalPathIds?.ToArray();
            for (int start = 0; start < all.Length;)
            {
                int count = FitRoutes(all.AsSpan(start), addPath, options.MaxMessageLength - UpdateFixed - MpHeader - 3, out _);
                result.Add(new UpdateMessage
                {
                    MpUnreach = new MpUnreachNlri(BgpConstants.AfiL2vpn, BgpConstants.SafiEvpn, all[start..(start + count)])
                    {
                        PathIds = addPath ? (ids is null ? new uint[count] : ids[start..(start + count)]) : null,
                    },
                });
                start += count;
            }
        }

        var groupIndex = new Dictionary<(PathAttributes, IPAddress), int>();
        var groups = new List<(PathAttributes Attributes, IPAddress NextHop, List<EvpnRoute> Routes, List<uint> Ids)>();
        foreach (var a in announcements)
        {
            if (!groupIndex.TryGetValue((a.Attributes, a.NextHop), out int gi))
            {
                gi = groups.Count;
                groupIndex.Add((a.Attributes, a.NextHop), gi);
                groups.Add((a.Attributes, a.NextHop, [], []));
            }
            groups[gi].Routes.Add(a.Route);
            groups[gi].Ids.Add(a.PathId);
        }
        foreach (var (attrs, nextHop, list, idList) in groups)
        {
            var routes = list.ToArray();
            var ids = idList.ToArray();
            int nhLen = MultiprotocolNlriCodec.NextHopLength(nextHop, null);
            int fixedLen = UpdateFixed + MpHeader + 5 + nhLen + PathAttributeCodec.GetLength(attrs, options);
            for (int start = 0; start < routes.Length;)
            {
                int count = FitRoutes(routes.AsSpan(start), addPath, options.MaxMessageLength - fixedLen, out _);
                result.Add(new UpdateMessage
                {
                    Attributes = attrs,
                    MpReach = new MpReachNlri(BgpConstants.AfiL2vpn, BgpConstants.SafiEvpn, nextHop, routes[start..(start + count)])
                    {
                        PathIds = addPath ? ids[start..(start + count)] : null,
                    },
                });
                start += count;
            }
        }
        return result;
    }

    /// <summary>How many leading routes fit in <paramref name="budget"/> octets of NLRI (at least one, or an exception).</summary>
    private static int FitRoutes(ReadOnlySpan<EvpnRoute> routes, bool addPath, int budget, out int nlriLength)
    {
        int per = addPath ? 4 : 0;
        int used = 0, n = 0;
        for (; n < routes.Length; n++)
        {
            int l = per + EvpnNlriCodec.GetLength(routes[n]);
            if (used + l > budget) break;
            used += l;
        }
        if (n == 0) throw new ArgumentException("an EVPN route and its attributes do not fit in one UPDATE of the session's maximum length");
        nlriLength = used;
        return n;
    }

    private static int WriteMpHeader(Span<byte> d, PathAttributeType type, int valueLength)
    {
        if (valueLength > 255)
        {
            d[0] = (byte)(PathAttributeFlags.Optional | PathAttributeFlags.ExtendedLength);
            d[1] = (byte)type;
            BinaryPrimitives.WriteUInt16BigEndian(d[2..], (ushort)valueLength);
            return 4;
        }
        d[0] = (byte)PathAttributeFlags.Optional;
        d[1] = (byte)type;
        d[2] = (byte)valueLength;
        return 3;
    }

    private static ReadOnlySpan<uint> Slice(ReadOnlySpan<uint> ids, int start, int count) =>
        ids.Length >= start + count ? ids.Slice(start, count) : ids.Length > start ? ids[start..] : default;
}
