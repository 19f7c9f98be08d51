using System.Net;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Evpn;

/// <summary>Where a MAC lives on this VTEP: its access port, how it got there, when it was last seen, its snooped IPs.</summary>
internal sealed class LocalAttachment(PortId port, EthernetSegmentId esi, bool isStatic, TimeSpan lastSeen)
{
    public PortId Port = port;
    public EthernetSegmentId Esi = esi;
    public bool IsStatic = isStatic;
    public TimeSpan LastSeen = lastSeen;
    /// <summary>IPs bound to the MAC by ARP/ND snooping, kept sorted so MAC+IP routes come out in a stable order.</summary>
    public readonly List<IPAddress> Ips = [];
}
