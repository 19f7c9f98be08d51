using System.Net;

namespace ActorFabric.Protocols.Evpn.Multihoming;

/// <summary>
/// One PE taking part in a DF election: the Originating Router's IP of its ES route and, for the preference
/// algorithms, the DF Preference and "Don't Preempt" bit of its DF Election EC (RFC 9785 §3; default 32767).
/// </summary>
public sealed record DfCandidate(IPAddress Originator, ushort Preference = DfCandidate.DefaultPreference, bool DontPreempt = false)
{
    /// <summary>The preference a PE advertises unless configured otherwise (RFC 9785 §3).</summary>
    public const ushort DefaultPreference = 32767;
}
