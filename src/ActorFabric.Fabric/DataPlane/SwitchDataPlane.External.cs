using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Routing;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.DataPlane;

// The external router behind a border leaf (the next hop of its external prefixes, e.g. 203.0.113.1), emulated inside
// the border leaf's data plane rather than as a device: the border leaf routes a packet for an external prefix to it
// (TTL − 1), and it answers an ICMP echo request for any address of its prefixes (RFC 792), from that address with a
// fresh TTL, back to the border leaf, which routes the reply in the VRF to the pinging host (TTL − 1 again). Other
// packets leave the fabric there (counted External). Path traces show the border leaf as the last fabric hop.
public sealed partial class SwitchDataPlane
{
    private long _externalEchoReplies;

    /// <summary>Echo requests for external prefixes the emulated external router answered.</summary>
    public long ExternalEchoReplies => _externalEchoReplies;

    private void DeliverToExternalRouter(IpVrf ipVrf, int length, PortId ingress, IFrameSink output)
    {
        var staged = _scratch.AsSpan(InnerOffset, length);
        // Routed out of the fabric: one hop more (RFC 1812 §5.3.1 TTL, RFC 8200 §3 Hop Limit).
        if (EthernetHeader.TryRead(staged, out var request) != PacketError.None) return;
        var ip = staged[request.Length..];
        var hop = request.EtherType == EtherType.Ipv6 ? Ipv6Header.TryDecrementHopLimit(ip) : Ipv4Header.TryDecrementTtl(ip);
        if (hop != PacketError.None)
        {
            if (hop == PacketError.TtlExpired) _routingTtlExpired++; else Drop(DataPlaneDropReason.Malformed);
            return;
        }
        _routed++;
        int written = WriteEchoReply(length, out var pinger, out uint flowHash);
        // The external router answers IPv4 echo requests only; everything else (IPv6 too) leaves the fabric here.
        if (written == 0 || pinger.IsIpv6)
        {
            _routingExternal++;
            return;
        }
        _externalEchoReplies++;
        RouteStaged(ipVrf, ipVrf.ForwardFromExternal(pinger.Ipv4, flowHash), pinger, written, ingress, output);
    }
}
