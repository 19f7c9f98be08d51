using System.Buffers.Binary;

namespace ActorFabric.Wire.Bgp;

/// <summary>
/// AS_PATH / AS4_PATH value encoding (RFC 4271 §4.3, RFC 6793 §4): segments of Type(1) | Count(1) | ASNs,
/// each ASN 2 or 4 octets. Towards a 2-octet-AS peer ASNs above 65535 become AS_TRANS and the real path
/// travels in AS4_PATH; on receipt the two are merged (RFC 6793 §4.2.3).
/// </summary>
internal static class AsPathCodec
{
    private const int MaxSegmentAsns = 255;

    /// <summary>Parses segments; null with <paramref name="error"/> when malformed (RFC 7606 §7.2: overrun, zero count, unknown type).</summary>
    public static AsPath? TryRead(ReadOnlySpan<byte> v, int asSize, out BgpDecodeError? error)
    {
        error = null;
        if (v.Length == 0) return AsPath.Empty;
        int count = 0;
        for (int p = 0; p < v.Length;)
        {
            if (v.Length - p < 2) { error = BgpDecodeError.Update(BgpErrorCodes.MalformedAsPath, BgpErrorAction.TreatAsWithdraw, "AS_PATH segment header truncated"); return null; }
            byte type = v[p];
            int n = v[p + 1];
            if (type is < 1 or > 4) { error = BgpDecodeError.Update(BgpErrorCodes.MalformedAsPath, BgpErrorAction.TreatAsWithdraw, $"AS_PATH segment type {type} unknown"); return null; }
            if (n == 0) { error = BgpDecodeError.Update(BgpErrorCodes.MalformedAsPath, BgpErrorAction.TreatAsWithdraw, "AS_PATH segment with zero ASNs"); return null; }
            p += 2 + n * asSize;
            if (p > v.Length) { error = BgpDecodeError.Update(BgpErrorCodes.MalformedAsPath, BgpErrorAction.TreatAsWithdraw, "AS_PATH segment overruns the attribute"); return null; }
            count++;
        }
        var segments = new AsPathSegment[count];
        int i = 0;
        for (int p = 0; p < v.Length;)
        {
            var type = (AsPathSegmentType)v[p];
            int n = v[p + 1];
            var asns = new uint[n];
            p += 2;
            for (int k = 0; k < n; k++, p += asSize)
                asns[k] = asSize == 4 ? BinaryPrimitives.ReadUInt32BigEndian(v[p..]) : BinaryPrimitives.ReadUInt16BigEndian(v[p..]);
            segments[i++] = new AsPathSegment(type, asns);
        }
        return new AsPath(segments);
    }

    public static int GetLength(AsPath path, int asSize, bool skipConfederation)
    {
        int len = 0;
        foreach (var s in path.Segments)
        {
            if (skipConfederation && s.Type is AsPathSegmentType.ConfedSequence or AsPathSegmentType.ConfedSet) continue;
            int n = s.Asns.Length;
            if (n == 0) continue;
            int chunks = (n + MaxSegmentAsns - 1) / MaxSegmentAsns;
            len += chunks * 2 + n * asSize;
        }
        return len;
    }

    /// <summary>Writes the segments; with 2-octet ASNs, values above 65535 become AS_TRANS (RFC 6793 §4.2.2). Long segments are split at 255.</summary>
    public static int Write(AsPath path, Span<byte> d, int asSize, bool skipConfederation)
    {
        int p = 0;
        foreach (var s in path.Segments)
        {
            if (skipConfederation && s.Type is AsPathSegmentType.ConfedSequence or AsPathSegmentType.ConfedSet) continue;
            var asns = s.Asns;
            for (int start = 0; start < asns.Length; start += MaxSegmentAsns)
            {
                int n = Math.Min(MaxSegmentAsns, asns.Length - start);
                d[p++] = (byte)s.Type;
                d[p++] = (byte)n;
                for (int k = 0; k < n; k++)
                {
                    uint asn = asns[start + k];
                    if (asSize == 4) BinaryPrimitives.WriteUInt32BigEndian(d[p..], asn);
                    else BinaryPrimitives.WriteUInt16BigEndian(d[p..], asn > ushort.MaxValue ? BgpConstants.AsTrans : (ushort)asn);
                    p += asSize;
                }
            }
        }
        return p;
    }

    public static bool NeedsAs4Path(AsPath path)
    {
        foreach (var s in path.Segments)
            foreach (var a in s.Asns)
                if (a > ushort.MaxValue) return true;
        return false;
    }

    /// <summary>
    /// RFC 6793 §4.2.3: if AS_PATH has fewer ASNs than AS4_PATH, ignore AS4_PATH; otherwise keep the leading
    /// ASNs of AS_PATH that AS4_PATH does not cover and append AS4_PATH. Confederation segments count zero.
    /// </summary>
    public static AsPath Merge(AsPath asPath, AsPath as4Path)
    {
        int n2 = asPath.SelectionLength, n4 = as4Path.SelectionLength;
        if (n2 < n4) return asPath;
        int keep = n2 - n4;
        var result = new List<AsPathSegment>();
        foreach (var s in asPath.Segments)
        {
            if (keep == 0) break;
            switch (s.Type)
            {
                case AsPathSegmentType.AsSequence:
                    if (s.Asns.Length <= keep) { result.Add(s); keep -= s.Asns.Length; }
                    else { result.Add(new AsPathSegment(s.Type, s.Asns[..keep])); keep = 0; }
                    break;
                case AsPathSegmentType.AsSet:
                    result.Add(s); keep -= 1;
                    break;
                default:
                    result.Add(s);
                    break;
            }
        }
        result.AddRange(as4Path.Segments);
        return new AsPath(result.ToArray());
    }
}
