namespace ActorFabric.Wire.Bgp;

public enum AsPathSegmentType : byte
{
    AsSet = 1,
    AsSequence = 2,
    ConfedSequence = 3, // RFC 5065
    ConfedSet = 4,
}

/// <summary>One AS_PATH segment; ASNs are always held as 4-octet values (RFC 6793).</summary>
public sealed record AsPathSegment(AsPathSegmentType Type, uint[] Asns)
{
    public bool Equals(AsPathSegment? other) => other is not null && Type == other.Type && Asns.AsSpan().SequenceEqual(other.Asns);
    public override int GetHashCode() => HashCode.Combine(Type, Asns.Length, Asns.Length > 0 ? Asns[0] : 0);
}

/// <summary>AS_PATH (RFC 4271 §5.1.2). Empty on iBGP-originated routes.</summary>
public sealed record AsPath(AsPathSegment[] Segments)
{
    public static readonly AsPath Empty = new([]);

    /// <summary>Path length for best-path selection: an AS_SET counts as one, confederation segments as zero (RFC 4271 §9.1.2.2 a, RFC 5065 §5.3).</summary>
    public int SelectionLength
    {
        get
        {
            int n = 0;
            foreach (var s in Segments)
                n += s.Type switch { AsPathSegmentType.AsSequence => s.Asns.Length, AsPathSegmentType.AsSet => 1, _ => 0 };
            return n;
        }
    }

    public bool Contains(uint asn)
    {
        foreach (var s in Segments)
            if (Array.IndexOf(s.Asns, asn) >= 0) return true;
        return false;
    }

    /// <summary>The neighbouring AS (first AS of the leftmost AS_SEQUENCE), 0 when none (RFC 4271 §9.1.2.2 c).</summary>
    public uint NeighborAs => Segments.Length > 0 && Segments[0].Type == AsPathSegmentType.AsSequence && Segments[0].Asns.Length > 0 ? Segments[0].Asns[0] : 0;

    public AsPath Prepend(uint asn)
    {
        if (Segments.Length > 0 && Segments[0].Type == AsPathSegmentType.AsSequence && Segments[0].Asns.Length < 255)
        {
            var first = new uint[Segments[0].Asns.Length + 1];
            first[0] = asn;
            Segments[0].Asns.CopyTo(first, 1);
            var segs = (AsPathSegment[])Segments.Clone();
            segs[0] = new AsPathSegment(AsPathSegmentType.AsSequence, first);
            return new AsPath(segs);
        }
        var list = new AsPathSegment[Segments.Length + 1];
        list[0] = new AsPathSegment(AsPathSegmentType.AsSequence, [asn]);
        Segments.CopyTo(list, 1);
        return new AsPath(list);
    }

    public bool Equals(AsPath? other)
    {
        if (other is null || other.Segments.Length != Segments.Length) return false;
        for (int i = 0; i < Segments.Length; i++)
            if (!Segments[i].Equals(other.Segments[i])) return false;
        return true;
    }

    public override int GetHashCode() => HashCode.Combine(Segments.Length, Segments.Length > 0 ? Segments[0].GetHashCode() : 0);

    public override string ToString() => string.Join(' ', Segments.Select(s => s.Type switch
    {
        AsPathSegmentType.AsSequence => string.Join(' ', s.Asns),
        AsPathSegmentType.AsSet => "{" + string.Join(',', s.Asns) + "}",
        AsPathSegmentType.ConfedSequence => "(" + string.Join(' ', s.Asns) + ")",
        _ => "[" + string.Join(',', s.Asns) + "]",
    }));
}
