namespace ActorFabric.Actors.Messages;

/// <summary>Replies that complete an Ask with a value or an exception.</summary>
public static class Status
{
    public sealed record Success(object? Value);

    /// <summary>A reply that fails the asker's task with <paramref name="Cause"/>.</summary>
    public sealed record Failure(Exception Cause) : ILocalMessage;
}
