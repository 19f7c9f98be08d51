using System.Buffers.Binary;

namespace ActorFabric.Wire.Underlay;

/// <summary>A point-to-point hello (layout in <see cref="LinkStatePduHeader"/>).</summary>
public readonly record struct LinkStateHello(
    uint SenderRouterId,
    uint SenderInterfaceId,
    uint HoldTimeMilliseconds,
    LinkStateAdjacencyState State,
    uint NeighborRouterId,
    uint NeighborInterfaceId)
{
    public const int EncodedLength = LinkStatePduHeader.Length + 20;

    public int WriteTo(Span<byte> destination)
    {
        if (destination.Length < EncodedLength) throw new ArgumentException("destination too small for a hello", nameof(destination));
        LinkStatePduHeader.Write(destination, LinkStatePduType.Hello, EncodedLength, SenderRouterId);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], SenderInterfaceId);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], HoldTimeMilliseconds);
        destination[20] = (byte)State;
        destination[21] = 0;
        destination[22] = 0;
        destination[23] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], NeighborRouterId);
        BinaryPrimitives.WriteUInt32BigEndian(destination[28..], NeighborInterfaceId);
        return EncodedLength;
    }

    public byte[] ToArray()
    {
        var bytes = new byte[EncodedLength];
        WriteTo(bytes);
        return bytes;
    }

    public static LinkStateDecodeError TryRead(ReadOnlySpan<byte> pdu, out LinkStateHello hello)
    {
        hello = default;
        var error = LinkStatePduHeader.TryRead(pdu, out var type, out int length, out uint sender);
        if (error != LinkStateDecodeError.None) return error;
        if (type != LinkStatePduType.Hello) return LinkStateDecodeError.UnexpectedType;
        if (length != EncodedLength) return LinkStateDecodeError.LengthMismatch;
        byte state = pdu[20];
        if (state > (byte)LinkStateAdjacencyState.Up) return LinkStateDecodeError.Malformed;
        hello = new LinkStateHello(
            sender,
            BinaryPrimitives.ReadUInt32BigEndian(pdu[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(pdu[16..]),
            (LinkStateAdjacencyState)state,
            BinaryPrimitives.ReadUInt32BigEndian(pdu[24..]),
            BinaryPrimitives.ReadUInt32BigEndian(pdu[28..]));
        return LinkStateDecodeError.None;
    }
}
