using System.Buffers;

namespace ActorFabric.Actors.Serialization;

/// <summary>An <see cref="IMessageSerializer"/> made of two functions, for small messages and tests.</summary>
public sealed class DelegateSerializer<T> : IMessageSerializer where T : notnull
{
    private readonly Action<T, IBufferWriter<byte>> _write;
    private readonly Func<ReadOnlySpan<byte>, T> _read;

    public DelegateSerializer(Action<T, IBufferWriter<byte>> write, Func<ReadOnlySpan<byte>, T> read)
    {
        _write = write;
        _read = read;
    }

    public void Serialize(object message, IBufferWriter<byte> output) => _write((T)message, output);

    public object Deserialize(ReadOnlySpan<byte> bytes) => _read(bytes);
}
