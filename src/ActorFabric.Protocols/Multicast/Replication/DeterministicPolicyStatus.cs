using System.Net;

namespace ActorFabric.Protocols.Multicast.Replication;

/// <summary>
/// A deterministic AR policy as `show evpn igmp-snooping proxy deterministic-ar` shows it: "Strict" or "Loose",
/// the preferred replicator, the fallback (0.0.0.0 when none), and the replicator its flows use now (null: dropped
/// for a strict policy whose preferred replicator is down, or no replicator at all).
/// </summary>
public sealed record DeterministicPolicyStatus(string Name, bool Strict, IPAddress Preferred, IPAddress Fallback, IPAddress? InUse)
{
    public string Display => $"{(Strict ? "Strict" : "Loose")}/{Preferred}/{Fallback}";
}
