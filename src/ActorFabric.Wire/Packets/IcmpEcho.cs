using System.Buffers.Binary;

namespace ActorFabric.Wire.Packets;

/// <summary>
/// An ICMP echo request or reply header (RFC 792 "Echo or Echo Reply Message"); the data follows
/// it and the checksum covers header and data.
/// </summary>
public readonly record struct IcmpEcho(IcmpType Type, ushort Identifier, ushort Sequence)
{
    public const int HeaderLength = 8;

    public bool IsRequest => Type == IcmpType.EchoRequest;

    /// <summary>The reply a host sends back: same identifier and sequence (and the caller copies the data).</summary>
    public IcmpEcho ToReply() => this with { Type = IcmpType.EchoReply };

    /// <summary>Writes header + data with the checksum; returns the message length.</summary>
    public int Write(Span<byte> destination, ReadOnlySpan<byte> data)
    {
        int length = HeaderLength + data.Length;
        var message = destination[..length];
        message[0] = (byte)Type;
        message[1] = 0;
        message[2] = 0;
        message[3] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(message[4..], Identifier);
        BinaryPrimitives.WriteUInt16BigEndian(message[6..], Sequence);
        data.CopyTo(message[HeaderLength..]);
        BinaryPrimitives.WriteUInt16BigEndian(message[2..], InternetChecksum.Compute(message));
        return length;
    }

    /// <summary>Reads an echo message (the whole ICMP message: IP payload), verifying the checksum.</summary>
    public static PacketError TryRead(ReadOnlySpan<byte> message, out IcmpEcho echo, out ReadOnlySpan<byte> data)
    {
        echo = default;
        data = default;
        if (message.Length < HeaderLength) return PacketError.Truncated;
        var type = (IcmpType)message[0];
        if (type is not (IcmpType.EchoRequest or IcmpType.EchoReply) || message[1] != 0) return PacketError.UnsupportedMessageType;
        echo = new IcmpEcho(type, BinaryPrimitives.ReadUInt16BigEndian(message[4..]), BinaryPrimitives.ReadUInt16BigEndian(message[6..]));
        data = message[HeaderLength..];
        return InternetChecksum.Verify(message) ? PacketError.None : PacketError.BadChecksum;
    }
}
