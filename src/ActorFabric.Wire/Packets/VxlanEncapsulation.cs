using ActorFabric.Wire.Hashing;

namespace ActorFabric.Wire.Packets;

/// <summary>Builds and strips the VXLAN-over-IPv4 outer stack (RFC 7348 §5).</summary>
public static class VxlanEncapsulation
{
    /// <summary>Outer Ethernet (untagged) + IPv4 + UDP + VXLAN.</summary>
    public const int Ipv4Overhead = 50;

    /// <summary>
    /// Writes outer headers + <paramref name="innerFrame"/> into <paramref name="destination"/>.
    /// Returns false (writing nothing useful) when the buffer is too small or the result would
    /// exceed the IPv4 total length. The inner frame may already sit at
    /// <c>destination[outer.Overhead..]</c>; the copy then is a no-op.
    /// </summary>
    public static bool TryEncapsulate(in VxlanOuterStack outer, ReadOnlySpan<byte> innerFrame, Span<byte> destination, out int written)
    {
        written = 0;
        int overhead = outer.Overhead;
        int total = overhead + innerFrame.Length;
        int ipLength = Ipv4Header.MinimumLength + UdpHeader.HeaderLength + VxlanHeader.Length + innerFrame.Length;
        if (total > destination.Length || ipLength > ushort.MaxValue || outer.Vni > VxlanHeader.MaxVni) return false;

        ushort sourcePort = outer.SourcePort != 0 ? outer.SourcePort : VxlanSourcePort.ForInnerFrame(innerFrame);
        innerFrame.CopyTo(destination[overhead..]);

        int offset = new EthernetHeader(outer.NextHopMac, outer.SourceMac, EtherType.Ipv4, outer.OuterVlan).Write(destination);
        offset += new Ipv4Header
        {
            Source = outer.SourceVtep, Destination = outer.DestinationVtep, Protocol = IpProtocol.Udp,
            Ttl = outer.Ttl, TotalLength = (ushort)ipLength, Identification = outer.Identification,
            TypeOfService = outer.TypeOfService, DontFragment = true,
        }.Write(destination[offset..]);
        int udpOffset = offset;
        int udpLength = ipLength - Ipv4Header.MinimumLength;
        offset += new UdpHeader(sourcePort, VxlanHeader.UdpPort, (ushort)udpLength).Write(destination[offset..]);
        new VxlanHeader(outer.Vni).Write(destination[offset..]);
        if (outer.ComputeUdpChecksum)
            UdpHeader.WriteChecksum(destination.Slice(udpOffset, udpLength), outer.SourceVtep, outer.DestinationVtep);
        written = total;
        return true;
    }

    /// <summary>Allocating convenience: a new array holding the encapsulated frame.</summary>
    public static byte[] Encapsulate(in VxlanOuterStack outer, ReadOnlySpan<byte> innerFrame)
    {
        var buffer = new byte[outer.Overhead + innerFrame.Length];
        if (!TryEncapsulate(outer, innerFrame, buffer, out _))
            throw new ArgumentException("inner frame too large for an IPv4 VXLAN packet, or VNI above 24 bits", nameof(innerFrame));
        return buffer;
    }

    /// <summary>
    /// Validates the outer stack (IPv4 header checksum, UDP to 4789, a non-zero UDP checksum must
    /// verify, VXLAN I flag) and returns the inner frame (bounded by the UDP length) and the VNI.
    /// </summary>
    public static PacketError TryDecapsulate(ReadOnlySpan<byte> frame, out VxlanOuterInfo outer, out ReadOnlySpan<byte> innerFrame)
    {
        outer = default;
        innerFrame = default;
        var error = EthernetHeader.TryRead(frame, out var ethernet, out var l3);
        if (error != PacketError.None) return error;
        if (ethernet.EtherType != EtherType.Ipv4) return PacketError.UnexpectedEtherType;
        error = Ipv4Header.TryRead(l3, out var ip, out var l4);
        if (error != PacketError.None) return error;
        if (ip.Protocol != IpProtocol.Udp) return PacketError.UnexpectedProtocol;
        if (ip.IsFragment) return PacketError.Fragmented;
        error = UdpHeader.TryRead(l4, out var udp, out var udpPayload);
        if (error != PacketError.None) return error;
        if (udp.DestinationPort != VxlanHeader.UdpPort) return PacketError.NotVxlan;
        error = UdpHeader.VerifyChecksum(l4[..udp.Length], ip.Source, ip.Destination);
        if (error != PacketError.None) return error;
        error = VxlanHeader.TryRead(udpPayload, out var vxlan);
        if (error != PacketError.None) return error;
        outer = new VxlanOuterInfo(ethernet, ip, udp, vxlan.Vni);
        innerFrame = udpPayload[VxlanHeader.Length..];
        return PacketError.None;
    }
}
