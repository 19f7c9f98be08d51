using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using ActorFabric.Actors.Messages;

namespace ActorFabric.Actors.Serialization;

/// <summary>
/// The registry of message serializers, keyed by exact runtime type. With
/// <see cref="ActorSystemOptions.SerializeMessages"/> on, every user message is round-tripped
/// through it on send, so a message that could not cross a node fails in a one-process test.
/// </summary>
public sealed class MessageSerialization
{
    // Copy-on-write: registration is rare, lookups happen on every tell with the switch on.
    private volatile Dictionary<Type, IMessageSerializer> _byType = new();
    private readonly object _gate = new();

    internal MessageSerialization()
    {
        Register<string>(new DelegateSerializer<string>(
            (s, w) => Encoding.UTF8.GetBytes(s, w),
            b => Encoding.UTF8.GetString(b)));
        Register<int>(new DelegateSerializer<int>(
            (v, w) => { BinaryPrimitives.WriteInt32BigEndian(w.GetSpan(4), v); w.Advance(4); },
            b => BinaryPrimitives.ReadInt32BigEndian(b)));
        Register<long>(new DelegateSerializer<long>(
            (v, w) => { BinaryPrimitives.WriteInt64BigEndian(w.GetSpan(8), v); w.Advance(8); },
            b => BinaryPrimitives.ReadInt64BigEndian(b)));
        Register<byte[]>(new DelegateSerializer<byte[]>((v, w) => w.Write(v), b => b.ToArray()));
    }

    public void Register<T>(IMessageSerializer serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        lock (_gate)
        {
            var copy = new Dictionary<Type, IMessageSerializer>(_byType) { [typeof(T)] = serializer };
            _byType = copy;
        }
    }

    public bool IsRegistered(Type type) => _byType.ContainsKey(type);

    public bool TryGet(Type type, out IMessageSerializer serializer) => _byType.TryGetValue(type, out serializer!);

    /// <summary>Serializes and deserializes <paramref name="message"/>; kernel-local messages pass through unchanged.</summary>
    public object RoundTrip(object message, IActorRef? recipient = null)
    {
        if (message is ILocalMessage) return message;
        var type = message.GetType();
        if (!_byType.TryGetValue(type, out var serializer))
            throw new MessageNotSerializableException(type, recipient?.Path.ToString());
        var buffer = new ArrayBufferWriter<byte>(64);
        serializer.Serialize(message, buffer);
        var copy = serializer.Deserialize(buffer.WrittenSpan);
        if (copy is null || copy.GetType() != type)
            throw new InvalidOperationException($"Serializer for {type.FullName} returned {copy?.GetType().FullName ?? "null"}.");
        return copy;
    }
}
