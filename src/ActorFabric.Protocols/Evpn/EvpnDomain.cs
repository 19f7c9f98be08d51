using System.Net;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Evpn;

/// <summary>The EVPN control state a MAC-VRF keeps beside one bridge domain.</summary>
internal sealed class EvpnDomain(BridgeDomain bridge)
{
    public readonly BridgeDomain Bridge = bridge;
    public readonly Dictionary<MacAddress, MacState> Macs = [];
    /// <summary>Which local MAC owns each snooped IP, so an IP that changes MAC withdraws the old MAC+IP route.</summary>
    public readonly Dictionary<IPAddress, MacAddress> LocalIpOwners = [];
    public Originate? InclusiveMulticast;
    /// <summary>A replicator's second IMET route, the Replicator-AR route (RFC 9574 §4); null on other roles.</summary>
    public Originate? ReplicatorRoute;
    /// <summary>SMET, join-synch and leave-synch routes this VTEP originates for the domain (RFC 9251 types 6–8), by key.</summary>
    public readonly Dictionary<EvpnRoute, Originate> MulticastRoutes = new(EvpnRouteKeyComparer.Instance);
}
