using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Evpn.Multihoming;

/// <summary>
/// Reads and builds the DF Election extended community of an ES route (RFC 8584 §2.2, RFC 9785 §3): octet 2
/// carries the algorithm in its low 5 bits, octets 3–4 the capability bitmap, octets 6–7 the DF Preference
/// (meaningful for the preference algorithms only, reserved otherwise).
/// </summary>
public static class DfElectionCommunity
{
    public static ExtendedCommunity Create(DfAlgorithm algorithm, DfCapabilities capabilities = DfCapabilities.None, ushort preference = 0) =>
        ExtendedCommunity.DfElection((byte)algorithm, (ushort)capabilities, preference);

    /// <summary>The EC a PE attaches to its ES route: preference and D bit only with Alg 2/3, whose fields they are.</summary>
    public static ExtendedCommunity ForLocal(DfAlgorithm algorithm, ushort preference, bool dontPreempt) =>
        IsPreference(algorithm)
            ? Create(algorithm, dontPreempt ? DfCapabilities.DontPreempt : DfCapabilities.None, preference)
            : Create(algorithm);

    public static byte AlgorithmCode(ExtendedCommunity ec) => (byte)((ec.Value >> 40) & 0x1F);

    public static DfCapabilities Capabilities(ExtendedCommunity ec) => (DfCapabilities)(ushort)(ec.Value >> 24);

    public static ushort Preference(ExtendedCommunity ec) => (ushort)ec.Value;

    /// <summary>
    /// The one DF Election EC of a route's attributes, or null when there is none or more than one: RFC 8584 §2.2
    /// treats both alike (default algorithm, no capabilities).
    /// </summary>
    public static ExtendedCommunity? Single(PathAttributes attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        ExtendedCommunity? found = null;
        foreach (var ec in attributes.ExtendedCommunities)
        {
            if (!ec.IsDfElection) continue;
            if (found is not null) return null;
            found = ec;
        }
        return found;
    }

    public static bool IsPreference(DfAlgorithm algorithm) => algorithm is DfAlgorithm.HighestPreference or DfAlgorithm.LowestPreference;
}
