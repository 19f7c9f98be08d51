namespace ActorFabric.Wire.Packets;

/// <summary>Per-hop rewrite of a routed IPv6 frame, in place (IRB routing).</summary>
public static class Ipv6Forwarding
{
    /// <summary>
    /// Sets the Ethernet MACs for the next hop and decrements the Hop Limit. RFC 8200 §3: every forwarding node
    /// decrements it by 1 and discards the packet when it reaches zero; IPv6 has no header checksum to patch. The
    /// frame is unchanged when it is not IPv6, is malformed, or the hop limit would reach zero
    /// (<see cref="PacketError.TtlExpired"/>).
    /// </summary>
    public static PacketError TryRewriteForNextHop(Span<byte> frame, MacAddress sourceMac, MacAddress nextHopMac)
    {
        var error = EthernetHeader.TryRead(frame, out var ethernet);
        if (error != PacketError.None) return error;
        if (ethernet.EtherType != EtherType.Ipv6) return PacketError.UnexpectedEtherType;
        var ip = frame[ethernet.Length..];
        error = Ipv6Header.TryRead(ip, out _);
        if (error != PacketError.None) return error;
        error = Ipv6Header.TryDecrementHopLimit(ip);
        if (error != PacketError.None) return error;
        nextHopMac.Write(frame);
        sourceMac.Write(frame[6..]);
        return PacketError.None;
    }
}
