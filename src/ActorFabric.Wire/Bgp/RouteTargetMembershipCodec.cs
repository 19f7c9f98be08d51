using System.Buffers.Binary;

namespace ActorFabric.Wire.Bgp;

/// <summary>
/// Reads and writes the NLRI field of AFI 1 / SAFI 132 (RFC 4684 §4): each entry is a length in bits (one
/// octet) followed by ceil(length/8) octets of origin AS (4) + route target (8).
/// </summary>
public static class RouteTargetMembershipCodec
{
    /// <summary>
    /// Reads a whole NLRI field. False (with a reason) when an entry overruns the field or has a length the RFC
    /// does not allow: RFC 4684 §4 permits 0 or 32–96 bits, so 1–31 and over 96 are malformed NLRI; RFC 7606 §5.3
    /// leaves no NLRI to trust after that, so the caller resets the session (Invalid Network Field).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> nlri, out RouteTargetMembership[] memberships, out BgpDecodeError? error)
    {
        memberships = []; error = null;
        int count = 0;
        for (int p = 0; p < nlri.Length; count++)
        {
            int bits = nlri[p];
            if (bits is > 0 and < 32 || bits > RouteTargetMembership.FullLength)
            {
                error = BgpDecodeError.Update(BgpErrorCodes.InvalidNetworkField, BgpErrorAction.SessionReset, $"route target membership prefix length {bits} (allowed: 0 or 32..96)");
                return false;
            }
            p += 1 + ((bits + 7) >> 3);
            if (p > nlri.Length) { error = BgpDecodeError.Update(BgpErrorCodes.InvalidNetworkField, BgpErrorAction.SessionReset, "route target membership NLRI overruns the NLRI field"); return false; }
        }
        if (count == 0) return true;
        var result = new RouteTargetMembership[count];
        Span<byte> full = stackalloc byte[12];
        for (int i = 0, p = 0; i < count; i++)
        {
            byte bits = nlri[p++];
            int octets = (bits + 7) >> 3;
            full.Clear();
            nlri.Slice(p, octets).CopyTo(full);
            p += octets;
            // Clear bits past the prefix inside the last octet so equal prefixes compare equal.
            if ((bits & 7) != 0) full[octets - 1] &= (byte)(0xFF << (8 - (bits & 7)));
            result[i] = new RouteTargetMembership(BinaryPrimitives.ReadUInt32BigEndian(full),
                new ExtendedCommunity(BinaryPrimitives.ReadUInt64BigEndian(full[4..])), bits);
        }
        memberships = result;
        return true;
    }

    public static int GetLength(ReadOnlySpan<RouteTargetMembership> memberships)
    {
        int n = 0;
        foreach (var m in memberships) n += 1 + m.PrefixOctets;
        return n;
    }

    /// <summary>Writes the entries; bits past each prefix length are written as zero.</summary>
    public static int Write(ReadOnlySpan<RouteTargetMembership> memberships, Span<byte> d)
    {
        Span<byte> full = stackalloc byte[12];
        int p = 0;
        foreach (var m in memberships)
        {
            int octets = m.PrefixOctets;
            d[p++] = m.PrefixLength;
            BinaryPrimitives.WriteUInt32BigEndian(full, m.OriginAs);
            m.RouteTarget.Write(full[4..]);
            if ((m.PrefixLength & 7) != 0) full[octets - 1] &= (byte)(0xFF << (8 - (m.PrefixLength & 7)));
            full[..octets].CopyTo(d[p..]);
            p += octets;
        }
        return p;
    }
}
