namespace ActorFabric.Protocols.Evpn.Multihoming;

/// <summary>
/// The DF election states of one local segment (RFC 8584 §2.1). DF_CALC is passed through within one input:
/// the election runs at once and lands in <see cref="DfDone"/>.
/// </summary>
public enum DfElectionState
{
    /// <summary>The segment's link is down: no ES route advertised, DF for nothing.</summary>
    Init,
    /// <summary>ES route advertised; waiting the peering timer so that the other PEs' ES routes arrive.</summary>
    DfWait,
    /// <summary>Running the election.</summary>
    DfCalc,
    /// <summary>Elected; any ES route added or withdrawn, or tag change, elects again at once.</summary>
    DfDone,
}
