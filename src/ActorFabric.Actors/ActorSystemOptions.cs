using Serilog;

namespace ActorFabric.Actors;

/// <summary>Settings of an <see cref="ActorSystem"/>.</summary>
public sealed record ActorSystemOptions
{
    public ClockMode Clock { get; init; } = ClockMode.Real;

    /// <summary>Seed of <see cref="ActorSystem.Random"/> and of anything else random in the kernel.</summary>
    public int Seed { get; init; }

    /// <summary>Round-trip every user message through its registered serializer (like Akka's serialize-messages).</summary>
    public bool SerializeMessages { get; init; }

    public ILogger? Logger { get; init; }

    /// <summary>Most messages an actor handles per turn before yielding its thread (fairness vs. throughput).</summary>
    public int Throughput { get; init; } = 100;
}
