namespace ActorFabric.Actors.Serialization;

/// <summary>Thrown by Tell when serialize-messages is on and the message type has no registered serializer.</summary>
public sealed class MessageNotSerializableException : Exception
{
    public MessageNotSerializableException(Type messageType, string? recipient)
        : base($"No serializer is registered for message type {messageType.FullName}" +
               (recipient is null ? "" : $" (sent to {recipient})") +
               "; register one with system.Serialization.Register<T>(...) or mark the type ILocalMessage.")
    {
        MessageType = messageType;
    }

    public Type MessageType { get; }
}
