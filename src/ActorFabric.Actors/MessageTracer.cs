namespace ActorFabric.Actors;

/// <summary>
/// Called on every delivery of a user message, just before the actor sees it, on the thread
/// that runs the actor. Under virtual time the sequence of calls is the run's full trace.
/// </summary>
public delegate void MessageTracer(TimeSpan now, ActorPath? sender, ActorPath receiver, object message);
