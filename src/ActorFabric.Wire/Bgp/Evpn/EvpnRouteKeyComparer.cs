using System.Buffers.Binary;
using System.Net;
using ActorFabric.Wire.Hashing;

namespace ActorFabric.Wire.Bgp.Evpn;

/// <summary>
/// Equality on the route key of each EVPN route type (RFC 7432 §7.1–7.4 for types 1–4, RFC 9136 §3 for type 5, RFC 9251 §9 for types 6–8): two entries with the
/// same key are the same route (an update replaces, a withdrawal removes) even when their non-key fields
/// (ESI and labels of type 2, label of type 1, flags of types 6–8…) differ. Hashes are stable across
/// processes (FNV-1a over the key fields), so they may order things without breaking determinism.
/// </summary>
public sealed class EvpnRouteKeyComparer : IEqualityComparer<EvpnRoute>
{
    public static readonly EvpnRouteKeyComparer Instance = new();

    public bool Equals(EvpnRoute? x, EvpnRoute? y)
    {
        if (ReferenceEquals(x, y)) return true;
        if (x is null || y is null || x.RouteTypeCode != y.RouteTypeCode) return false;
        return (x, y) switch
        {
            (EthernetAutoDiscoveryRoute a, EthernetAutoDiscoveryRoute b) => a.Distinguisher == b.Distinguisher && a.Esi == b.Esi && a.EthernetTag == b.EthernetTag,
            (MacIpAdvertisementRoute a, MacIpAdvertisementRoute b) => a.Distinguisher == b.Distinguisher && a.EthernetTag == b.EthernetTag && a.Mac == b.Mac && Equals(a.Ip, b.Ip),
            (InclusiveMulticastRoute a, InclusiveMulticastRoute b) => a.Distinguisher == b.Distinguisher && a.EthernetTag == b.EthernetTag && a.OriginatorIp.Equals(b.OriginatorIp),
            (EthernetSegmentRoute a, EthernetSegmentRoute b) => a.Distinguisher == b.Distinguisher && a.Esi == b.Esi && a.OriginatorIp.Equals(b.OriginatorIp),
            (IpPrefixRoute a, IpPrefixRoute b) => a.Distinguisher == b.Distinguisher && a.EthernetTag == b.EthernetTag && a.PrefixLength == b.PrefixLength && a.Prefix.Equals(b.Prefix),
            (SelectiveMulticastRoute a, SelectiveMulticastRoute b) => a.Distinguisher == b.Distinguisher && a.EthernetTag == b.EthernetTag && Equals(a.Source, b.Source) && a.Group.Equals(b.Group) && a.OriginatorIp.Equals(b.OriginatorIp),
            (MulticastMembershipReportSynchRoute a, MulticastMembershipReportSynchRoute b) => a.Distinguisher == b.Distinguisher && a.Esi == b.Esi && a.EthernetTag == b.EthernetTag && Equals(a.Source, b.Source) && a.Group.Equals(b.Group) && a.OriginatorIp.Equals(b.OriginatorIp),
            (MulticastLeaveSynchRoute a, MulticastLeaveSynchRoute b) => a.Distinguisher == b.Distinguisher && a.Esi == b.Esi && a.EthernetTag == b.EthernetTag && Equals(a.Source, b.Source) && a.Group.Equals(b.Group) && a.OriginatorIp.Equals(b.OriginatorIp),
            (UnknownEvpnRoute a, UnknownEvpnRoute b) => a.Equals(b),
            _ => false,
        };
    }

    public int GetHashCode(EvpnRoute route)
    {
        var h = Fnv.Start;
        h = Fnv.Add(h, route.RouteTypeCode);
        switch (route)
        {
            case EthernetAutoDiscoveryRoute r: h = Fnv.Add(h, r.Distinguisher.Value); h = Fnv.Add(h, r.Esi.High); h = Fnv.Add(h, r.Esi.Low); h = Fnv.Add(h, r.EthernetTag); break;
            case MacIpAdvertisementRoute r: h = Fnv.Add(h, r.Distinguisher.Value); h = Fnv.Add(h, r.EthernetTag); h = Fnv.Add(h, r.Mac.Value); h = Fnv.Add(h, r.Ip); break;
            case InclusiveMulticastRoute r: h = Fnv.Add(h, r.Distinguisher.Value); h = Fnv.Add(h, r.EthernetTag); h = Fnv.Add(h, r.OriginatorIp); break;
            case EthernetSegmentRoute r: h = Fnv.Add(h, r.Distinguisher.Value); h = Fnv.Add(h, r.Esi.High); h = Fnv.Add(h, r.Esi.Low); h = Fnv.Add(h, r.OriginatorIp); break;
            case IpPrefixRoute r: h = Fnv.Add(h, r.Distinguisher.Value); h = Fnv.Add(h, r.EthernetTag); h = Fnv.Add(h, r.PrefixLength); h = Fnv.Add(h, r.Prefix); break;
            case SelectiveMulticastRoute r: h = Fnv.Add(h, r.Distinguisher.Value); h = Fnv.Add(h, r.Group); h = Fnv.Add(h, r.Source); h = Fnv.Add(h, r.OriginatorIp); break;
            case MulticastMembershipReportSynchRoute r: h = Fnv.Add(h, r.Distinguisher.Value); h = Fnv.Add(h, r.Esi.High); h = Fnv.Add(h, r.Group); h = Fnv.Add(h, r.Source); break;
            case MulticastLeaveSynchRoute r: h = Fnv.Add(h, r.Distinguisher.Value); h = Fnv.Add(h, r.Esi.High); h = Fnv.Add(h, r.Group); h = Fnv.Add(h, r.Source); break;
            case UnknownEvpnRoute r: foreach (var b in r.Value) h = Fnv.Add(h, b); break;
        }
        return (int)h;
    }

    /// <summary>FNV-1a (32-bit, <see cref="Fnv1a"/>) fed field by field in big-endian order.</summary>
    private static class Fnv
    {
        public const uint Start = Fnv1a.Offset32;
        public static uint Add(uint h, byte b) => Fnv1a.Append32(h, [b]);
        public static uint Add(uint h, uint v)
        {
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(b, v);
            return Fnv1a.Append32(h, b);
        }
        public static uint Add(uint h, ulong v)
        {
            Span<byte> b = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(b, v);
            return Fnv1a.Append32(h, b);
        }
        public static uint Add(uint h, IPAddress? ip)
        {
            if (ip is null) return Add(h, (byte)0);
            Span<byte> b = stackalloc byte[16];
            ip.TryWriteBytes(b, out var n);
            return Fnv1a.Append32(h, b[..n]);
        }
    }
}
