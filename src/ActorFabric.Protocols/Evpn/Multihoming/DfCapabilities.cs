namespace ActorFabric.Protocols.Evpn.Multihoming;

/// <summary>
/// The DF Election EC's 16-bit capability bitmap, bit 0 being the most significant (RFC 8584 §2.2).
/// </summary>
[Flags]
public enum DfCapabilities : ushort
{
    None = 0,
    /// <summary>Bit 0, D: the PE asks not to be preempted (non-revertive, RFC 9785 §3).</summary>
    DontPreempt = 0x8000,
    /// <summary>Bit 1, A: AC-influenced DF election (RFC 8584 §4).</summary>
    AcInfluenced = 0x4000,
}
