namespace ActorFabric.Wire.Packets;

/// <summary>Per-hop rewrite of a routed IPv4 frame, in place (underlay spines, IRB routing).</summary>
public static class Ipv4Forwarding
{
    /// <summary>
    /// Sets the Ethernet source/destination MACs for the next hop and decrements the IPv4 TTL with
    /// an incremental checksum update (RFC 1812 §5.3.1, RFC 1624). The frame is unchanged when
    /// it is not IPv4, is malformed, or the TTL would expire (<see cref="PacketError.TtlExpired"/>).
    /// </summary>
    public static PacketError TryRewriteForNextHop(Span<byte> frame, MacAddress sourceMac, MacAddress nextHopMac)
    {
        var error = EthernetHeader.TryRead(frame, out var ethernet);
        if (error != PacketError.None) return error;
        if (ethernet.EtherType != EtherType.Ipv4) return PacketError.UnexpectedEtherType;
        var ip = frame[ethernet.Length..];
        error = Ipv4Header.TryRead(ip, out _);
        if (error != PacketError.None) return error;
        error = Ipv4Header.TryDecrementTtl(ip);
        if (error != PacketError.None) return error;
        nextHopMac.Write(frame);
        sourceMac.Write(frame[6..]);
        return PacketError.None;
    }
}
