using System.Net;
using ActorFabric.Protocols.Multicast.Replication;
using ActorFabric.Protocols.Multicast.Snooping;
using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Evpn;

/// <summary>Configuration of one EVPN instance (MAC-VRF) on a VTEP.</summary>
public sealed record MacVrfOptions
{
    /// <summary>Route distinguisher, unique per MAC-VRF on this VTEP (RFC 7432 §7.9: type 1, loopback:n).</summary>
    public required RouteDistinguisher RouteDistinguisher { get; init; }
    /// <summary>This VTEP's address: type-3 originator, PMSI tunnel endpoint, MAC mobility tie-breaks (RFC 7432 §11.1, §15.1).</summary>
    public required IPAddress LocalVtep { get; init; }
    /// <summary>A route is imported when it carries at least one of these (RFC 7432 §7.10).</summary>
    public required IReadOnlyList<ExtendedCommunity> ImportRouteTargets { get; init; }
    /// <summary>Attached to every route this MAC-VRF originates.</summary>
    public required IReadOnlyList<ExtendedCommunity> ExportRouteTargets { get; init; }
    public required IReadOnlyList<BridgeDomainOptions> BridgeDomains { get; init; }
    public EvpnServiceType ServiceType { get; init; } = EvpnServiceType.VlanBased;
    /// <summary>Idle time after which a learned MAC is removed and its routes withdrawn.</summary>
    public TimeSpan MacAgingTime { get; init; } = TimeSpan.FromSeconds(300);
    public MacMobilityOptions Mobility { get; init; } = new();
    /// <summary>Answer ARP/ND requests from known MAC+IP bindings instead of flooding them (RFC 7432 §10).</summary>
    public bool ArpSuppression { get; init; } = true;
    /// <summary>This VTEP's Assisted Replication role and settings (RFC 9574); disabled: a regular NVE.</summary>
    public AssistedReplicationOptions AssistedReplication { get; init; } = AssistedReplicationOptions.Disabled;
    /// <summary>IGMP/MLD snooping on every bridge domain (RFC 4541), with SMET and join/leave synch (RFC 9251); null: multicast floods.</summary>
    public SnoopingOptions? Snooping { get; init; }
}
