using System.Net;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Wire.Bgp;

/// <summary>One EVPN route to advertise, with its (shared) path attributes, MP_REACH next hop and ADD-PATH identifier.</summary>
public readonly record struct EvpnAnnouncement(EvpnRoute Route, PathAttributes Attributes, IPAddress NextHop, uint PathId = 0);
