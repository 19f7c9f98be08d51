namespace ActorFabric.Actors.Messages;

/// <summary>A message that could not be delivered (recipient stopped, or sent to no one).</summary>
public sealed record DeadLetter(object Message, IActorRef? Sender, IActorRef Recipient);
