using System.Net;
using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Bridging;

/// <summary>
/// Decides whether a BUM frame may leave through one local access port. This is where multihoming plugs in:
/// DF election (only the DF sends BUM onto an Ethernet segment, RFC 7432 §8.5) and local bias (drop frames
/// from a VTEP that shares the segment, RFC 8365 §8.3.1). <paramref name="sourceVtep"/> is null for frames
/// that entered on a local port (those are always delivered to other local segments, RFC 8365 §8.3.1).
/// </summary>
public interface IBumEgressFilter
{
    bool Permits(uint vni, PortId port, EthernetSegmentId portEsi, IPAddress? sourceVtep);
}

/// <summary>Single-homed behaviour: every port of the domain receives BUM.</summary>
public sealed class PermitAllEgress : IBumEgressFilter
{
    public static readonly PermitAllEgress Instance = new();
    public bool Permits(uint vni, PortId port, EthernetSegmentId portEsi, IPAddress? sourceVtep) => true;
}
