namespace ActorFabric.Actors.Messages;

/// <summary>
/// Marks a message that never crosses a node (kernel control messages), so the
/// serialize-messages switch leaves it alone.
/// </summary>
public interface ILocalMessage;
