using System.Net;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Evpn;

/// <summary>An imported remote MAC/IP route with the MAC Mobility values read from its attributes (absent EC = sequence 0).</summary>
internal sealed record RemoteMacRoute(MacIpAdvertisementRoute Route, IPAddress Vtep, uint Sequence, bool Sticky);
