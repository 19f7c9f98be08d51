namespace ActorFabric.Actors.TestKit;

/// <summary>
/// A system for one test, on the virtual clock by default, with helpers to move time and
/// make probes. Dispose terminates the system.
/// </summary>
public sealed class ActorTestKit : IDisposable
{
    public ActorTestKit(int seed = 1, ClockMode clock = ClockMode.Virtual, bool serializeMessages = false, string name = "test")
        : this(new ActorSystemOptions { Clock = clock, Seed = seed, SerializeMessages = serializeMessages }, name)
    {
    }

    public ActorTestKit(ActorSystemOptions options, string name = "test")
    {
        System = ActorSystem.Create(name, options);
    }

    public ActorSystem System { get; }

    public VirtualClock Clock => System.Virtual ?? throw new InvalidOperationException("This test kit runs on real time.");

    public TestProbe CreateProbe(string? name = null) => new(System, name);

    public IActorRef ActorOf(Props props, string? name = null) => System.ActorOf(props, name);

    /// <summary>Moves virtual time forward, running every event due in between.</summary>
    public void Advance(TimeSpan duration) => Clock.Advance(duration);

    /// <summary>Runs until no message is in flight (virtual time jumps as needed).</summary>
    public void RunUntilIdle() => Clock.RunUntilIdle();

    public void Dispose()
    {
        if (System.Virtual is not null) System.Terminate().GetAwaiter().GetResult();
        else System.Terminate().Wait(TimeSpan.FromSeconds(10));
    }
}
