using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Routing;

/// <summary>
/// What a MAC+IP route of a VLAN of this IP-VRF adds for symmetric IRB (RFC 9135 §5.1, §9.1.1): Label2 = the L3 VNI,
/// and the IP-VRF's route targets plus exactly one Router's MAC EC next to the MAC-VRF's own communities.
/// </summary>
public sealed record IrbRouteAttributes(uint Label2, IReadOnlyList<ExtendedCommunity> ExtendedCommunities);
