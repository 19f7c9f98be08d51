namespace ActorFabric.Actors;

/// <summary>A message handler installed with Become; returns false when it did not handle the message.</summary>
public delegate bool Behavior(object message);
