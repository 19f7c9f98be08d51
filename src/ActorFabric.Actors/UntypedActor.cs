namespace ActorFabric.Actors;

/// <summary>An actor with a single handler for every message; call <see cref="ActorBase.Unhandled"/> for the ones it ignores.</summary>
public abstract class UntypedActor : ActorBase
{
    protected abstract void OnReceive(object message);

    protected internal sealed override bool OnMessage(object message)
    {
        OnReceive(message);
        return true;
    }
}
