namespace ActorFabric.Actors;

/// <summary>The /user guardian: parent of every top-level actor; supervises them with the default strategy.</summary>
internal sealed class GuardianActor : ActorBase
{
    protected internal override bool OnMessage(object message) => false;
}
