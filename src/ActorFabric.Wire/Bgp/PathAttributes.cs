using System.Net;

namespace ActorFabric.Wire.Bgp;

/// <summary>An attribute the codec does not interpret, kept byte for byte (flags, type, value) so that
/// optional transitive attributes pass through a route reflector unchanged (RFC 4271 §5, §9).</summary>
public sealed record UnknownPathAttribute(PathAttributeFlags Flags, byte TypeCode, byte[] Value)
{
    public bool Equals(UnknownPathAttribute? other) =>
        other is not null && Flags == other.Flags && TypeCode == other.TypeCode && Value.AsSpan().SequenceEqual(other.Value);
    public override int GetHashCode() => HashCode.Combine(Flags, TypeCode, Value.Length);
}

/// <summary>AGGREGATOR (RFC 4271 §5.1.7), AS held as 4 octets.</summary>
public sealed record Aggregator(uint Asn, IPAddress Address);

/// <summary>
/// The path attributes of an UPDATE other than MP_REACH_NLRI / MP_UNREACH_NLRI (which carry routes and live
/// on <see cref="UpdateMessage"/>). Immutable and shared: many routes in a RIB point to one instance, so the
/// memory cost of an attribute set is paid once per distinct set. Structural equality lets the update packer
/// group routes with identical attributes into one UPDATE.
/// </summary>
public sealed record PathAttributes
{
    public Origin? Origin { get; init; }
    public AsPath? AsPath { get; init; }
    /// <summary>NEXT_HOP attribute (IPv4 unicast only; EVPN next hops travel in MP_REACH_NLRI).</summary>
    public IPAddress? NextHop { get; init; }
    public uint? MultiExitDisc { get; init; }
    public uint? LocalPref { get; init; }
    public bool AtomicAggregate { get; init; }
    public Aggregator? Aggregator { get; init; }
    public uint[] Communities { get; init; } = [];
    /// <summary>ORIGINATOR_ID (RFC 4456 §8), a BGP identifier as a big-endian uint.</summary>
    public uint? OriginatorId { get; init; }
    /// <summary>CLUSTER_LIST (RFC 4456 §8), most recent cluster first.</summary>
    public uint[] ClusterList { get; init; } = [];
    public ExtendedCommunity[] ExtendedCommunities { get; init; } = [];
    public PmsiTunnel? PmsiTunnel { get; init; }
    /// <summary>LARGE_COMMUNITY values (RFC 8092), 12 octets each, kept raw.</summary>
    public byte[]? LargeCommunities { get; init; }
    /// <summary>Attributes not interpreted here, in the order received.</summary>
    public UnknownPathAttribute[] Unknown { get; init; } = [];

    public static readonly PathAttributes Empty = new();

    public IEnumerable<ExtendedCommunity> RouteTargets => ExtendedCommunities.Where(c => c.IsRouteTarget);

    public bool Equals(PathAttributes? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null) return false;
        return Origin == other.Origin && Equals(AsPath, other.AsPath) && Equals(NextHop, other.NextHop) &&
               MultiExitDisc == other.MultiExitDisc && LocalPref == other.LocalPref && AtomicAggregate == other.AtomicAggregate &&
               Equals(Aggregator, other.Aggregator) && Communities.AsSpan().SequenceEqual(other.Communities) &&
               OriginatorId == other.OriginatorId && ClusterList.AsSpan().SequenceEqual(other.ClusterList) &&
               ExtendedCommunities.AsSpan().SequenceEqual(other.ExtendedCommunities) && Equals(PmsiTunnel, other.PmsiTunnel) &&
               LargeCommunities.AsSpan().SequenceEqual(other.LargeCommunities) && Unknown.AsSpan().SequenceEqual(other.Unknown);
    }

    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Origin);
        h.Add(LocalPref);
        h.Add(OriginatorId);
        h.Add(ClusterList.Length);
        foreach (var c in ExtendedCommunities) h.Add(c.Value);
        h.Add(PmsiTunnel?.Label);
        return h.ToHashCode();
    }
}
