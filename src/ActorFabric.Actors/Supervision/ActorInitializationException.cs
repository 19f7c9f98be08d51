namespace ActorFabric.Actors.Supervision;

/// <summary>The actor's constructor, PreStart or PostRestart threw. The default decider stops such an actor.</summary>
public sealed class ActorInitializationException : Exception
{
    public ActorInitializationException(ActorPath path, Exception inner)
        : base($"Actor {path} failed to initialise: {inner.Message}", inner)
    {
        Path = path;
    }

    public ActorPath Path { get; }
}
