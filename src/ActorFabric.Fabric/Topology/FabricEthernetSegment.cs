using System.Collections.Immutable;
using ActorFabric.Protocols.Evpn.Multihoming;
using ActorFabric.Wire.Bgp;

namespace ActorFabric.Fabric.Topology;

/// <summary>
/// The definition of a multihomed Ethernet segment (RFC 7432 §5, §8): one LAG from a server whose links end on
/// <see cref="Members"/> (at most one port per leaf), all of them advertising <see cref="Esi"/>.
/// </summary>
public sealed record FabricEthernetSegment(int Index, string Name, EthernetSegmentId Esi, EthernetSegmentMode Mode, DfAlgorithm DfAlgorithm,
    ImmutableArray<EthernetSegmentMember> Members)
{
    /// <summary>The member on <paramref name="leaf"/>, or null when the leaf is not on this segment.</summary>
    public EthernetSegmentMember? MemberOn(int leaf)
    {
        foreach (var m in Members)
            if (m.Leaf == leaf) return m;
        return null;
    }
}

/// <summary>One leaf port of a segment; <see cref="Preference"/> is its DF preference (RFC 9785 §3, default 32767).</summary>
public readonly record struct EthernetSegmentMember(int Leaf, string Port, ushort Preference);
