using System.Net;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Evpn;

/// <summary>
/// An imported remote MAC/IP route with the MAC Mobility values read from its attributes (absent EC = sequence 0).
/// A value kept inline in its MAC's list: one object fewer per imported route in a big fabric.
/// </summary>
internal readonly record struct RemoteMacRoute(MacIpAdvertisementRoute Route, IPAddress Vtep, uint Sequence, bool Sticky);
