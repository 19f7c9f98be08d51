using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Multicast.Oism;

/// <summary>
/// A local bridge domain of an OISM tenant: an ordinary ("revenue") BD with its IRB MAC, the source MAC of frames the
/// IP-VRF routes into it, or the tenant's SBD.
/// </summary>
public sealed record OismDomain(MacVrf Vrf, BridgeDomain Bridge, MacAddress IrbMac, bool IsSupplementary);
