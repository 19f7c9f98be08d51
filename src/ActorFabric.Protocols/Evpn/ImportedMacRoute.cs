using System.Net;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Evpn;

/// <summary>
/// A remote MAC/IP route as a MAC-VRF holds it, for inspection: the bridge domain's VNI, the route, the VTEP it
/// points at, and the MAC Mobility sequence and sticky flag read from its attributes (RFC 7432 §7.7).
/// </summary>
public readonly record struct ImportedMacRoute(uint Vni, MacIpAdvertisementRoute Route, IPAddress Vtep, uint Sequence, bool Sticky);
