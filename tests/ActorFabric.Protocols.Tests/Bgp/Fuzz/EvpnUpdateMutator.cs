using System.Net;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Tests.Bgp.Fuzz;

/// <summary>
/// Seeded source of the fuzzed byte stream: well-formed EVPN UPDATEs (announcements and withdrawals over a small
/// key space, so later messages replace and withdraw earlier routes), KEEPALIVEs and ROUTE-REFRESHes, then
/// mutated — bit flips, truncated bodies, overlong and short header lengths, bad attribute flags, attribute and
/// NLRI lengths that overrun — or replaced by random bytes behind a valid marker.
/// </summary>
internal sealed class EvpnUpdateMutator(Random rng, uint speakerRouterId)
{
    private static readonly RouteDistinguisher[] Rds =
        [RouteDistinguisher.FromIpv4(0x0A000001, 1), RouteDistinguisher.FromIpv4(0x0A000002, 1), RouteDistinguisher.FromAs2(65000, 7), RouteDistinguisher.FromAs4(4200000000, 9)];
    private static readonly IPAddress[] Vteps = [IPAddress.Parse("10.0.0.1"), IPAddress.Parse("10.0.0.2"), IPAddress.Parse("2001:db8::1")];

    public EvpnRoute Route()
    {
        var rd = Rds[rng.Next(Rds.Length)];
        switch (rng.Next(10))
        {
            case < 6:
                IPAddress? ip = rng.Next(3) switch { 0 => null, 1 => new IPAddress(new byte[] { 10, 1, 0, (byte)rng.Next(8) }), _ => IPAddress.Parse($"2001:db8:1::{rng.Next(8)}") };
                return new MacIpAdvertisementRoute(rd, rng.Next(4) == 0 ? new EthernetSegmentId(0x0011223344556677UL, 0x8899) : EthernetSegmentId.Zero,
                    (uint)rng.Next(2), new MacAddress(0x0200_0000_0000UL + (ulong)rng.Next(48)), ip, 10100 + (uint)rng.Next(3), rng.Next(3) == 0 ? 50000u : null);
            case < 8:
                return new InclusiveMulticastRoute(rd, (uint)rng.Next(2), Vteps[rng.Next(Vteps.Length)]);
            case 8:
                return new EthernetAutoDiscoveryRoute(rd, new EthernetSegmentId(0x0011223344556677UL, (ushort)rng.Next(4)), rng.Next(2) == 0 ? 0 : EthernetAutoDiscoveryRoute.MaxEthernetTag, (uint)rng.Next(100));
            default:
                return new EthernetSegmentRoute(rd, new EthernetSegmentId(0x0011223344556677UL, (ushort)rng.Next(4)), Vteps[rng.Next(2)]);
        }
    }

    public PathAttributes Attributes()
    {
        var communities = new List<ExtendedCommunity> { ExtendedCommunity.RouteTargetAs2(65000, (uint)(100 + rng.Next(3))) };
        if (rng.Next(4) != 0) communities.Add(ExtendedCommunity.VxlanEncapsulation);
        if (rng.Next(6) == 0) communities.Add(ExtendedCommunity.MacMobility((uint)rng.Next(4), rng.Next(2) == 0));
        return new PathAttributes
        {
            Origin = (Origin)rng.Next(3),
            AsPath = AsPath.Empty,
            LocalPref = rng.Next(20) == 0 ? null : 100u + (uint)rng.Next(2), // missing LOCAL_PREF from iBGP: treat-as-withdraw (RFC 7606 §7.5)
            MultiExitDisc = rng.Next(4) == 0 ? (uint)rng.Next(50) : null,
            Communities = rng.Next(5) == 0 ? [0xFDE80001u] : [],
            // Now and then our own id or cluster: a looped route that must be ignored (RFC 4456 §8).
            OriginatorId = rng.Next(6) == 0 ? (rng.Next(4) == 0 ? speakerRouterId : 0x0A0000F0u + (uint)rng.Next(3)) : null,
            ClusterList = rng.Next(6) == 0 ? (rng.Next(4) == 0 ? [speakerRouterId] : [0x0A0000FEu]) : [],
            ExtendedCommunities = communities.ToArray(),
            PmsiTunnel = rng.Next(3) == 0 ? PmsiTunnel.IngressReplication(10100, Vteps[0]) : null,
            Unknown = rng.Next(8) == 0 ? [new UnknownPathAttribute(PathAttributeFlags.Optional | PathAttributeFlags.Transitive, 99, [1, 2, 3])] : [],
        };
    }

    /// <summary>A well-formed message: mostly UPDATEs announcing and/or withdrawing a few routes.</summary>
    public BgpMessage Message()
    {
        switch (rng.Next(20))
        {
            case 0: return KeepaliveMessage.Instance;
            case 1: return new RouteRefreshMessage(BgpConstants.AfiL2vpn, (byte)rng.Next(3), BgpConstants.SafiEvpn);
        }
        EvpnRoute[] Routes(int n) { var r = new EvpnRoute[n]; for (int i = 0; i < n; i++) r[i] = Route(); return r; }
        bool announce = rng.Next(5) != 0, withdraw = !announce || rng.Next(5) == 0;
        return new UpdateMessage
        {
            Attributes = announce ? Attributes() : PathAttributes.Empty,
            MpReach = announce ? new MpReachNlri(BgpConstants.AfiL2vpn, BgpConstants.SafiEvpn, Vteps[rng.Next(Vteps.Length)], Routes(rng.Next(1, 13))) : null,
            MpUnreach = withdraw ? new MpUnreachNlri(BgpConstants.AfiL2vpn, BgpConstants.SafiEvpn, Routes(rng.Next(1, 4))) : null,
        };
    }

    /// <summary>The next chunk of the stream: a message's bytes, mutated (or random) about three times in five.</summary>
    public byte[] Next(BgpCodecOptions options, out bool mutated)
    {
        mutated = true;
        if (rng.Next(25) == 0) return RandomMessage();
        var m = BgpMessageWriter.ToBytes(Message(), options);
        mutated = rng.Next(5) >= 2;
        return mutated ? Mutate(m) : m;
    }

    private byte[] RandomMessage()
    {
        var b = new byte[rng.Next(19, 120)];
        rng.NextBytes(b);
        b.AsSpan(0, 16).Fill(0xFF);
        if (rng.Next(2) == 0) { b[16] = (byte)(b.Length >> 8); b[17] = (byte)b.Length; }
        if (rng.Next(2) == 0) b[18] = (byte)rng.Next(1, 6);
        return b;
    }

    private byte[] Mutate(byte[] m)
    {
        switch (rng.Next(8))
        {
            case 0: // bit flips after the marker
                for (int k = rng.Next(1, 4); k > 0; k--) { int at = rng.Next(16, m.Length); m[at] ^= (byte)(1 << rng.Next(8)); }
                return m;
            case 1: // truncated body, header length fixed up
            {
                int n = rng.Next(19, m.Length + 1);
                var t = m[..n];
                t[16] = (byte)(n >> 8); t[17] = (byte)n;
                return t;
            }
            case 2: // overlong or short header length (overlong swallows the next message: framing is lost)
            {
                int len = (m[16] << 8 | m[17]) + rng.Next(-8, 9);
                m[16] = (byte)(len >> 8); m[17] = (byte)len;
                return m;
            }
            case 3 or 4: // bad attribute flags, or an attribute length that overruns / falls short
            {
                var headers = AttributeHeaders(m);
                if (headers.Count == 0) goto case 0;
                int at = headers[rng.Next(headers.Count)];
                if (rng.Next(2) == 0) m[at] ^= (byte)(0x10 << rng.Next(4));
                else
                {
                    int lenAt = at + 2 + ((m[at] & 0x10) != 0 ? 1 : 0);
                    m[lenAt] = rng.Next(3) switch { 0 => (byte)(m[lenAt] + 1), 1 => (byte)(m[lenAt] - 1), _ => (byte)rng.Next(256) };
                }
                return m;
            }
            case 5: // an EVPN NLRI length octet that overruns or falls short (inside MP_REACH / MP_UNREACH)
            {
                if (m.Length <= 30) goto case 0;
                int at = rng.Next(23, m.Length);
                m[at] = rng.Next(2) == 0 ? (byte)(m[at] + rng.Next(1, 4)) : (byte)(m[at] - rng.Next(1, 4));
                return m;
            }
            case 6: // withdrawn-routes / total-attribute length fields
            {
                if (m.Length <= 22) goto case 0;
                m[rng.Next(19, 23)] = (byte)rng.Next(256);
                return m;
            }
            default: // trailing junk inside the message
            {
                var t = new byte[m.Length + rng.Next(1, 20)];
                m.CopyTo(t, 0);
                rng.NextBytes(t.AsSpan(m.Length));
                t[16] = (byte)(t.Length >> 8); t[17] = (byte)t.Length;
                return t;
            }
        }
    }

    /// <summary>Offsets of the attribute headers of a well-formed UPDATE (empty for other messages).</summary>
    private static List<int> AttributeHeaders(byte[] m)
    {
        var list = new List<int>();
        if (m.Length < 23 || m[18] != 2) return list;
        int wlen = m[19] << 8 | m[20];
        if (23 + wlen > m.Length) return list;
        int start = 23 + wlen, end = start + (m[21 + wlen] << 8 | m[22 + wlen]);
        for (int p = start; p + 3 <= end && end <= m.Length;)
        {
            list.Add(p);
            p += (m[p] & 0x10) != 0 ? 4 + (m[p + 2] << 8 | m[p + 3]) : 3 + m[p + 2];
        }
        return list;
    }
}
