using System.Buffers.Binary;

namespace ActorFabric.Wire.Packets;

/// <summary>
/// An 8-octet IGMPv1/v2 message (RFC 2236 §2): query, report or leave. A query of 12 octets or
/// more is IGMPv3 (RFC 3376 §7.1); it reads as a query with <see cref="IsV3Query"/> set and its
/// source list ignored.
/// </summary>
public readonly record struct IgmpMessage(IgmpType Type, Ipv4Address Group, byte MaxResponseTime = 0, bool IsV3Query = false)
{
    public const int Length = 8;
    public const int V3QueryMinimumLength = 12;

    /// <summary>Writes the 8-octet v2 form with its checksum.</summary>
    public int Write(Span<byte> destination)
    {
        var message = destination[..Length];
        message[0] = (byte)Type;
        message[1] = MaxResponseTime;
        message[2] = 0;
        message[3] = 0;
        Group.Write(message[4..]);
        BinaryPrimitives.WriteUInt16BigEndian(message[2..], InternetChecksum.Compute(message));
        return Length;
    }

    /// <summary>Reads a v1/v2 message or a v3 query (the whole IP payload), verifying the checksum over all of it.</summary>
    public static PacketError TryRead(ReadOnlySpan<byte> message, out IgmpMessage igmp)
    {
        igmp = default;
        if (message.Length < Length) return PacketError.Truncated;
        var type = (IgmpType)message[0];
        if (type is not (IgmpType.MembershipQuery or IgmpType.V1MembershipReport or IgmpType.V2MembershipReport or IgmpType.LeaveGroup))
            return PacketError.UnsupportedMessageType;
        bool v3Query = type == IgmpType.MembershipQuery && message.Length >= V3QueryMinimumLength;
        igmp = new IgmpMessage(type, Ipv4Address.Read(message[4..]), message[1], v3Query);
        return InternetChecksum.Verify(message) ? PacketError.None : PacketError.BadChecksum;
    }
}
