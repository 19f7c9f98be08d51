using ActorFabric.Fabric.Hosts;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Routing;
using ActorFabric.Wire.Hashing;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.DataPlane;

// The anycast gateway as an IP endpoint: an ICMP echo request for one of its addresses is answered by the routing node
// that received it (RFC 1122 §3.2.2.6: every IP node answers echo requests; RFC 792 for the reply), from that address
// and the anycast MAC, with a fresh TTL (it is originated here, not forwarded). The reply is routed in the IP-VRF like
// any packet for the pinging host: out of its access port on an ERB leaf, in its L2 VNI back to its leaf on a CRB
// routing node (RFC 9135 §6). The same holds for an ICMPv6 echo request to a gateway6 address (RFC 4443 §4.2: the reply
// carries the request's identifier, sequence and data, from the address the request was sent to, its checksum over the
// IPv6 pseudo-header, RFC 4443 §2.3; Hop Limit 64 as it is originated). Anything else for a gateway address is dropped
// (counted ForGateway).
public sealed partial class SwitchDataPlane
{
    private byte[]? _echoReply;
    private long _gatewayEchoReplies;

    /// <summary>ICMP echo requests to an anycast gateway address answered here.</summary>
    public long GatewayEchoReplies => _gatewayEchoReplies;

    private void AnswerAtGateway(IpVrf ipVrf, in IpForwardingDecision request, int length, PortId ingress, IFrameSink output)
    {
        int written = WriteEchoReply(length, out var pinger, out uint flowHash);
        if (written == 0)
        {
            _routingForRouter++;
            return;
        }
        var back = Forward(ipVrf, pinger, request.Vni, flowHash);
        if (back.Action is not (IpForwardingAction.DeliverLocal or IpForwardingAction.RouteAsymmetric or IpForwardingAction.RouteSymmetric))
        {
            _routingUnresolved++;
            return;
        }
        var staged = _scratch.AsSpan(InnerOffset, written);
        back.DestinationMac.Write(staged);
        back.SourceMac.Write(staged[6..]);
        _gatewayEchoReplies++;
        SendRouted(back, written, ingress, output);
    }

    /// <summary>
    /// Replaces the ICMP or ICMPv6 echo request staged at <see cref="InnerOffset"/> with its reply (RFC 792, RFC 4443
    /// §4.2: addresses swapped, same identifier, sequence and data, TTL or Hop Limit 64); returns the reply's length, 0
    /// when the frame is no echo request.
    /// </summary>
    private int WriteEchoReply(int length, out HostAddress pinger, out uint flowHash)
    {
        pinger = default;
        flowHash = 0;
        _echoReply ??= new byte[ScratchSize - InnerOffset];
        var request = new ReadOnlySpan<byte>(_scratch, InnerOffset, length);
        if (EthernetHeader.TryRead(request, out var eth, out var packet) != PacketError.None) return 0;
        int written;
        if (eth.EtherType == EtherType.Ipv6)
        {
            if (Icmpv6Echo.TryRead(packet, out var ip6, out var echo, out var data) != PacketError.None || !echo.IsRequest ||
                Icmpv6Echo.FrameLength(data.Length, eth.Vlan) > _echoReply.Length)
                return 0;
            written = new Icmpv6Echo(false, echo.Identifier, echo.Sequence)
                .WriteFrame(_echoReply, eth.Destination, eth.Source, ip6.Destination, ip6.Source, data, eth.Vlan, Icmpv6Echo.DefaultHopLimit);
            pinger = ip6.Source;
        }
        else
        {
            if (FrameBuilder.TryWriteIcmpEchoReplyTo(request, _echoReply, out written) != PacketError.None ||
                Ipv4Header.TryRead(packet, out var ip, out _) != PacketError.None)
                return 0;
            pinger = ip.Source;
        }
        var reply = _echoReply.AsSpan(0, written);
        flowHash = FlowHash.OfFrame(reply);
        reply.CopyTo(_scratch.AsSpan(InnerOffset));
        return written;
    }
}
