using System.Buffers.Binary;
using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Serialization;
using ActorFabric.Fabric.Runtime.Messages;

namespace ActorFabric.Cluster.Relay;

/// <summary>
/// A <see cref="FrameBatch"/> in one buffer: a count, then per frame the entity id (length-prefixed UTF-8), a kind
/// letter (F frame in, T link transmit, P port status), two big-endian ints (port or side; trace id or carrier)
/// and the frame's bytes. Frames are the fabric's own wire bytes: nothing is reflected over, nothing is boxed twice.
/// </summary>
public sealed class FrameBatchSerializer(ExtendedActorSystem system) : Serializer(system)
{
    /// <summary>Also in config/cluster.conf (serialization-identifiers).</summary>
    public override int Identifier => 4790;

    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj)
    {
        if (obj is not FrameBatch batch) throw new ArgumentException($"{obj.GetType()} is not a frame batch", nameof(obj));
        int size = 4;
        for (int i = 0; i < batch.Count; i++)
            size += 2 + Encoding.UTF8.GetByteCount(batch.Entities[i]) + 1 + 8 + 4 + FrameOf(batch.Messages[i]).Length;
        var bytes = new byte[size];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteInt32BigEndian(span, batch.Count);
        int at = 4;
        for (int i = 0; i < batch.Count; i++)
        {
            int idLength = Encoding.UTF8.GetBytes(batch.Entities[i], span[(at + 2)..]);
            BinaryPrimitives.WriteUInt16BigEndian(span[at..], (ushort)idLength);
            at += 2 + idLength;
            var (kind, a, b, frame) = batch.Messages[i] switch
            {
                FrameIn m => ((byte)'F', m.Port, m.TraceId, m.Frame),
                LinkTransmit m => ((byte)'T', m.Side, m.TraceId, m.Frame),
                PortStatus m => ((byte)'P', m.Port, m.Up ? 1 : 0, Array.Empty<byte>()),
                var other => throw new ArgumentException($"{other.GetType()} is not batched across nodes", nameof(obj)),
            };
            span[at++] = kind;
            BinaryPrimitives.WriteInt32BigEndian(span[at..], a);
            BinaryPrimitives.WriteInt32BigEndian(span[(at + 4)..], b);
            BinaryPrimitives.WriteInt32BigEndian(span[(at + 8)..], frame.Length);
            at += 12;
            frame.CopyTo(span[at..]);
            at += frame.Length;
        }
        return bytes;
    }

    public override object FromBinary(byte[] bytes, Type? type)
    {
        try
        {
            var span = bytes.AsSpan();
            int count = BinaryPrimitives.ReadInt32BigEndian(span);
            if (count < 0 || count > bytes.Length) throw new SerializationException($"frame batch: bad count {count}");
            var entities = new string[count];
            var messages = new IWireMessage[count];
            int at = 4;
            for (int i = 0; i < count; i++)
            {
                int idLength = BinaryPrimitives.ReadUInt16BigEndian(span[at..]);
                entities[i] = Encoding.UTF8.GetString(span.Slice(at + 2, idLength));
                at += 2 + idLength;
                byte kind = span[at++];
                int a = BinaryPrimitives.ReadInt32BigEndian(span[at..]);
                int b = BinaryPrimitives.ReadInt32BigEndian(span[(at + 4)..]);
                int length = BinaryPrimitives.ReadInt32BigEndian(span[(at + 8)..]);
                at += 12;
                var frame = span.Slice(at, length).ToArray();
                at += length;
                messages[i] = kind switch
                {
                    (byte)'F' => new FrameIn(a, frame, b),
                    (byte)'T' => new LinkTransmit(a, frame, b),
                    (byte)'P' => new PortStatus(a, b != 0),
                    _ => throw new SerializationException($"frame batch: unknown kind 0x{kind:x2} at item {i}"),
                };
            }
            return new FrameBatch(entities, messages);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new SerializationException($"frame batch of {bytes.Length} bytes is truncated", e);
        }
    }

    private static byte[] FrameOf(IWireMessage m) => m switch
    {
        FrameIn f => f.Frame,
        LinkTransmit t => t.Frame,
        _ => [],
    };
}
