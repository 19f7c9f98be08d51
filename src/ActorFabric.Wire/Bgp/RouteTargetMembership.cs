namespace ActorFabric.Wire.Bgp;

/// <summary>
/// One route target membership NLRI (RFC 4684 §4, AFI 1 / SAFI 132): a prefix of up to 96 bits made of the
/// origin AS (4 octets) followed by a route target (an 8-octet extended community). Prefix length 0 is the
/// default membership ("send me every route"); 32 names only the origin AS; 33–95 name a prefix of the route
/// target; 96 a whole route target. Bits beyond <see cref="PrefixLength"/> are zero.
/// </summary>
public readonly record struct RouteTargetMembership(uint OriginAs, ExtendedCommunity RouteTarget, byte PrefixLength)
{
    public const byte FullLength = 96;

    /// <summary>The default membership (RFC 4684 §4: zero-length prefix, matches every route target).</summary>
    public static readonly RouteTargetMembership Default = new(0, default, 0);

    /// <summary>Membership for a whole route target, announced by <paramref name="originAs"/>.</summary>
    public static RouteTargetMembership For(uint originAs, ExtendedCommunity routeTarget) => new(originAs, routeTarget, FullLength);

    public bool IsDefault => PrefixLength == 0;

    /// <summary>
    /// True when a route carrying <paramref name="routeTarget"/> is covered by this membership: the route target
    /// part of the prefix (PrefixLength − 32 bits) equals the same leading bits of the route target (RFC 4684 §4).
    /// The origin AS does not take part: it only tells memberships of different ASes apart.
    /// </summary>
    public bool Matches(ExtendedCommunity routeTarget)
    {
        if (PrefixLength <= 32) return true;
        int bits = PrefixLength - 32;
        ulong mask = bits >= 64 ? ulong.MaxValue : ~(ulong.MaxValue >> bits);
        return ((routeTarget.Value ^ RouteTarget.Value) & mask) == 0;
    }

    /// <summary>Octets the prefix takes on the wire (ceil(PrefixLength / 8)).</summary>
    public int PrefixOctets => (PrefixLength + 7) >> 3;

    public override string ToString() => IsDefault ? "rt-default" : PrefixLength == FullLength
        ? $"{OriginAs}:{RouteTarget}" : $"{OriginAs}:{RouteTarget}/{PrefixLength}";
}
