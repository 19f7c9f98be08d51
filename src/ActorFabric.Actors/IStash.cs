namespace ActorFabric.Actors;

/// <summary>
/// Per-actor store of messages set aside for later. Stashed messages do not count as in
/// flight; unstashing puts them back at the front of the mailbox, in their original order.
/// On restart the stash is unstashed; on stop it goes to dead letters.
/// </summary>
public interface IStash
{
    /// <summary>Sets the message being handled aside.</summary>
    void Stash();

    /// <summary>Returns every stashed message to the front of the mailbox, oldest first.</summary>
    void UnstashAll();

    /// <summary>Returns the oldest stashed message to the front of the mailbox.</summary>
    void Unstash();

    int Count { get; }
}
