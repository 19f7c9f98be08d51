namespace ActorFabric.Protocols.Evpn.Multihoming;

/// <summary>
/// The DF election algorithm, numbered as in the DF Election extended community's 5-bit field
/// (RFC 8584 §2.2 registry; values 2 and 3 from RFC 9785 §3).
/// </summary>
public enum DfAlgorithm : byte
{
    /// <summary>Service carving, VLAN mod N (RFC 7432 §8.5): the default and the fallback.</summary>
    Modulo = 0,
    /// <summary>Highest Random Weight (RFC 8584 §3).</summary>
    HighestRandomWeight = 1,
    /// <summary>Highest preference wins (RFC 9785 §4.1).</summary>
    HighestPreference = 2,
    /// <summary>Lowest preference wins (RFC 9785 §4.1).</summary>
    LowestPreference = 3,
}
