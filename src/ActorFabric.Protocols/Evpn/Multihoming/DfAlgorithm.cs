namespace ActorFabric.Protocols.Evpn.Multihoming;

/// <summary>DF election algorithms (RFC 8584 §2.2 registry values).</summary>
public enum DfAlgorithm : byte
{
    Modulo = 0,
    HighestRandomWeight = 1,
    HighestPreference = 2,
    LowestPreference = 3,
}
