using System.Net;

namespace ActorFabric.Protocols.Multicast.Replication;

/// <summary>
/// A deterministic AR policy of an AR leaf (Junos document, "Deterministic Load Balancing"): multicast flows whose
/// group lies under <see cref="Group"/>, on <see cref="Vni"/> when given, from a source under <see cref="Source"/>
/// when given (IGMPv3/MLDv2), go to the replicator whose AR IP is <see cref="Preferred"/>. Strict: when it is not
/// active the flow is dropped. Loose: <see cref="Fallback"/>, then the default load balancing. Policies apply to
/// multicast data only; broadcast and unknown unicast use the default choice.
/// </summary>
public sealed record DeterministicReplicatorPolicy(
    string Name,
    MulticastPrefix Group,
    IPAddress Preferred,
    uint? Vni = null,
    MulticastPrefix? Source = null,
    IPAddress? Fallback = null,
    bool Strict = false)
{
    public bool Matches(uint vni, in MulticastFlow flow)
    {
        if (Vni is { } v && v != vni) return false;
        if (!Group.Contains(flow.Group, flow.IsIpv6)) return false;
        return Source is not { } s || (flow.HasSource && s.Contains(flow.Source, flow.IsIpv6));
    }
}
