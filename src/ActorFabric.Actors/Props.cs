namespace ActorFabric.Actors;

/// <summary>How to make (and, on restart, remake) an actor instance.</summary>
public sealed class Props
{
    private readonly Func<ActorBase> _factory;

    private Props(Type actorType, Func<ActorBase> factory)
    {
        ActorType = actorType;
        _factory = factory;
    }

    public Type ActorType { get; }

    public static Props Create<T>(Func<T> factory) where T : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Props(typeof(T), factory);
    }

    public static Props Create<T>() where T : ActorBase, new() => new(typeof(T), static () => new T());

    internal ActorBase NewActor() => _factory();
}
