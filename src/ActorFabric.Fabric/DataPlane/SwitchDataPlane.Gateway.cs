using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Routing;
using ActorFabric.Wire.Hashing;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.DataPlane;

// The anycast gateway as an IP endpoint: an ICMP echo request for one of its addresses is answered by the routing node
// that received it (RFC 1122 §3.2.2.6: every IP node answers echo requests; RFC 792 for the reply), from that address
// and the anycast MAC, with a fresh TTL (it is originated here, not forwarded). The reply is routed in the IP-VRF like
// any packet for the pinging host: out of its access port on an ERB leaf, in its L2 VNI back to its leaf on a CRB
// routing node (RFC 9135 §6). Anything else for a gateway address is dropped (counted ForGateway).
public sealed partial class SwitchDataPlane
{
    private byte[]? _gatewayReply;
    private long _gatewayEchoReplies;

    /// <summary>ICMP echo requests to an anycast gateway address answered here.</summary>
    public long GatewayEchoReplies => _gatewayEchoReplies;

    private void AnswerAtGateway(IpVrf ipVrf, in IpForwardingDecision request, int length, PortId ingress, IFrameSink output)
    {
        _gatewayReply ??= new byte[ScratchSize - InnerOffset];
        if (FrameBuilder.TryWriteIcmpEchoReplyTo(new ReadOnlySpan<byte>(_scratch, InnerOffset, length), _gatewayReply, out int written) != PacketError.None)
        {
            _routingForRouter++;
            return;
        }
        var reply = _gatewayReply.AsSpan(0, written);
        if (EthernetHeader.TryRead(reply, out var eth, out var payload) != PacketError.None || Ipv4Header.TryRead(payload, out var ip, out _) != PacketError.None)
            return;
        var back = ipVrf.Forward(ip.Destination, request.Vni, FlowHash.OfFrame(reply));
        if (back.Action is not (IpForwardingAction.DeliverLocal or IpForwardingAction.RouteAsymmetric or IpForwardingAction.RouteSymmetric))
        {
            _routingUnresolved++;
            return;
        }
        reply.CopyTo(_scratch.AsSpan(InnerOffset));
        var staged = _scratch.AsSpan(InnerOffset, written);
        back.DestinationMac.Write(staged);
        back.SourceMac.Write(staged[6..]);
        _gatewayEchoReplies++;
        SendRouted(back, written, ingress, output);
    }
}
