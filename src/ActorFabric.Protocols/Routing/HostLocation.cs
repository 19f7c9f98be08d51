using System.Net;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Routing;

/// <summary>Where a host route (/32, /128) points: a local VLAN, or a remote VTEP (the first of an ECMP set).</summary>
public readonly record struct HostLocation(VrfRouteSource Source, ushort Vlan, MacAddress Mac, IPAddress? Vtep, uint Sequence)
{
    public bool IsLocal => Vtep is null;
}
