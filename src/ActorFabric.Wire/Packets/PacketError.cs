namespace ActorFabric.Wire.Packets;

/// <summary>
/// Why a packet could not be decoded. Readers return one of these instead of throwing, so a
/// device can count and drop a bad frame the way real hardware does.
/// </summary>
public enum PacketError : byte
{
    None = 0,
    /// <summary>Fewer bytes than the header (or its declared length) needs.</summary>
    Truncated,
    /// <summary>IP version nibble is not the expected one.</summary>
    UnsupportedVersion,
    /// <summary>A header length field is below its minimum or beyond the buffer.</summary>
    InvalidHeaderLength,
    /// <summary>A length field (IPv4 total length, UDP length) contradicts the header or buffer.</summary>
    InvalidLength,
    /// <summary>Internet checksum (IPv4, UDP, ICMP, IGMP) does not verify.</summary>
    BadChecksum,
    /// <summary>ARP hardware/protocol type or address lengths are not Ethernet/IPv4.</summary>
    UnsupportedArpFormat,
    /// <summary>The frame carries a different EtherType than the reader expects.</summary>
    UnexpectedEtherType,
    /// <summary>The IP packet carries a different protocol than the reader expects.</summary>
    UnexpectedProtocol,
    /// <summary>The message type is not one this reader understands (e.g. ICMP non-echo).</summary>
    UnsupportedMessageType,
    /// <summary>A non-first IPv4 fragment: no transport header to read.</summary>
    Fragmented,
    /// <summary>UDP destination port is not the VXLAN port 4789.</summary>
    NotVxlan,
    /// <summary>VXLAN I flag is clear, so the VNI is not valid (RFC 7348 §5).</summary>
    VxlanInstanceFlagMissing,
    /// <summary>Forwarding would decrement TTL to zero (RFC 791 §3.2 / RFC 1812 §5.3.1).</summary>
    TtlExpired,
}
