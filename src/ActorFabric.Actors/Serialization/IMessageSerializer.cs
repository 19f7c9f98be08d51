using System.Buffers;

namespace ActorFabric.Actors.Serialization;

/// <summary>Turns one message type into bytes and back; what a message needs to cross a node.</summary>
public interface IMessageSerializer
{
    void Serialize(object message, IBufferWriter<byte> output);

    object Deserialize(ReadOnlySpan<byte> bytes);
}
