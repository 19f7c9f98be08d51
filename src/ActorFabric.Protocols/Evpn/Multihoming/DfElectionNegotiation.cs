using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Evpn.Multihoming;

/// <summary>
/// RFC 8584 §2.2: the algorithm and capabilities a segment uses are those every ES route for it (the local one
/// included) advertises; a route without exactly one DF Election EC, or any disagreement, means modulo with no
/// capabilities.
/// </summary>
public static class DfElectionNegotiation
{
    /// <param name="perPeerEc">The DF Election EC of each ES route of the segment, null for a route that carries
    /// none or several (see <see cref="DfElectionCommunity.Single"/>).</param>
    /// <remarks>
    /// The D bit is left out of the comparison: RFC 9785 §4.1 breaks preference ties by it, which only makes
    /// sense if PEs may differ on it without dropping back to modulo. It is a per-PE request, not a capability
    /// the segment agrees on, so it is not in the result either.
    /// An algorithm every PE names but this code cannot run (Alg 31 "local policy", unassigned values) also
    /// falls back to modulo, as a legacy PE would.
    /// </remarks>
    public static DfAgreement Agree(IEnumerable<ExtendedCommunity?> perPeerEc)
    {
        ArgumentNullException.ThrowIfNull(perPeerEc);
        byte? algorithm = null;
        DfCapabilities capabilities = DfCapabilities.None;
        foreach (var ec in perPeerEc)
        {
            if (ec is not { } community || !community.IsDfElection) return DfAgreement.Default;
            var code = DfElectionCommunity.AlgorithmCode(community);
            var caps = DfElectionCommunity.Capabilities(community) & ~DfCapabilities.DontPreempt;
            if (algorithm is null) (algorithm, capabilities) = (code, caps);
            else if (algorithm != code || capabilities != caps) return DfAgreement.Default;
        }
        if (algorithm is not { } agreed || !Enum.IsDefined((DfAlgorithm)agreed)) return DfAgreement.Default;
        return new DfAgreement((DfAlgorithm)agreed, capabilities);
    }
}
