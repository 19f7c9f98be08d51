using System.Net;

namespace ActorFabric.Protocols.Evpn.Multihoming;

/// <summary>
/// The result of one election for an &lt;ES, Ethernet Tag&gt;: the DF and the backup DF (the next in the
/// algorithm's order: RFC 8584 §3.2 for HRW, the second of the ordered list for preference). Modulo defines no
/// backup (RFC 7432 §8.5), so it is null there, as both are when there is no candidate.
/// </summary>
public readonly record struct DfOutcome(IPAddress? Df, IPAddress? BackupDf)
{
    public static readonly DfOutcome None = new(null, null);
}
