namespace ActorFabric.Protocols.Evpn.Multihoming;

/// <summary>What the PEs of a segment agreed on from their ES routes' DF Election ECs (RFC 8584 §2.2).</summary>
public readonly record struct DfAgreement(DfAlgorithm Algorithm, DfCapabilities Capabilities)
{
    /// <summary>The fallback: modulo with no capabilities.</summary>
    public static readonly DfAgreement Default = new(DfAlgorithm.Modulo, DfCapabilities.None);
}
