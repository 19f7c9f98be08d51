namespace ActorFabric.Fabric.Topology;

/// <summary>
/// A link of a multihomed host's LAG beyond its first (that one is the host's own access link): from
/// <see cref="Host"/>, as its LAG member <see cref="Member"/> (1, 2, …), to <see cref="Port"/> of <see cref="Leaf"/>.
/// <see cref="Index"/> numbers it after the fabric links and the hosts' access links.
/// </summary>
public readonly record struct SegmentLink(int Index, int Host, int Member, int Leaf, string Port);
