using System.Buffers.Binary;

namespace ActorFabric.Fabric.Hosts;

/// <summary>
/// A multicast UDP stream a host sends: <see cref="Count"/> datagrams of <see cref="PayloadSize"/> octets to
/// <see cref="Group"/> at <see cref="Rate"/> packets per second of emulated time. Each payload starts with the
/// stream id and the sequence number (32 bits each, network order) so receivers can count per stream and spot
/// duplicates; the rest is a pattern.
/// </summary>
public sealed class MulticastStream
{
    public const int HeaderLength = 8;

    internal MulticastStream(uint id, HostAddress group, HostAddress source, ushort sourcePort, ushort destinationPort, int rate, int payloadSize, int count,
        byte ttl, TimeSpan start)
    {
        Id = id;
        Group = group;
        Source = source;
        SourcePort = sourcePort;
        DestinationPort = destinationPort;
        Rate = rate;
        PayloadSize = payloadSize;
        Count = count;
        Ttl = ttl;
        Start = start;
        Payload = new byte[payloadSize];
        for (int i = HeaderLength; i < payloadSize; i++) Payload[i] = (byte)i;
        BinaryPrimitives.WriteUInt32BigEndian(Payload, id);
    }

    public uint Id { get; }
    public HostAddress Group { get; }
    /// <summary>The sending host's address of the group's family (IPv6: its link-local address).</summary>
    public HostAddress Source { get; }
    public ushort SourcePort { get; }
    public ushort DestinationPort { get; }
    /// <summary>Packets per second.</summary>
    public int Rate { get; }
    public int PayloadSize { get; }
    public int Count { get; }
    /// <summary>IPv4 TTL or IPv6 hop limit of the datagrams.</summary>
    public byte Ttl { get; }
    public TimeSpan Start { get; }
    public long Sent { get; internal set; }
    public bool IsComplete => Sent >= Count;

    /// <summary>Datagram n leaves at Start + n / Rate exactly (no drift accumulates over long streams).</summary>
    public TimeSpan NextSendAt => Start + TimeSpan.FromTicks(Sent * TimeSpan.TicksPerSecond / Rate);

    // Reused for every datagram: only the sequence number changes.
    internal byte[] Payload { get; }

    /// <summary>Reads the stream id and sequence number a payload starts with; false when it is too short to carry them.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> payload, out uint streamId, out uint sequence)
    {
        streamId = sequence = 0;
        if (payload.Length < HeaderLength) return false;
        streamId = BinaryPrimitives.ReadUInt32BigEndian(payload);
        sequence = BinaryPrimitives.ReadUInt32BigEndian(payload[4..]);
        return true;
    }
}
