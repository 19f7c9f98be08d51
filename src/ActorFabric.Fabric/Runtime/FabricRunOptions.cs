using ActorFabric.Simulation;

namespace ActorFabric.Fabric.Runtime;

/// <summary>How a <see cref="FabricRuntime"/> runs: clock, seed, Akka switches.</summary>
public sealed record FabricRunOptions
{
    /// <summary>Virtual (discrete-event, deterministic, fast) or real time.</summary>
    public ClockMode Clock { get; init; } = ClockMode.Virtual;

    /// <summary>Seeds link loss, BFD discriminators/jitter and every other random choice of the run.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Round-trip every fabric message through its serializer (akka.actor.serialize-messages; cluster readiness check; slower).</summary>
    public bool SerializeMessages { get; init; }

    /// <summary>A HOCON file whose keys override config/akka.conf (null: ACTORFABRIC_AKKA_CONFIG, if set).</summary>
    public string? AkkaConfigFile { get; init; }

    /// <summary>Hash every delivery into <see cref="FabricRuntime.TraceDigest"/> (costs a little per message).</summary>
    public bool TraceDigest { get; init; } = true;

    /// <summary>Hosts send a gratuitous ARP when started, so convergence also waits for their type-2 routes.</summary>
    public bool AnnounceHosts { get; init; } = true;

    /// <summary>How long a facade query waits for a device's answer (emulated time under the virtual clock).</summary>
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a device lets BGP changes gather before it polls its speaker (update batching, like a vendor's
    /// update-group timer): routes learnt in that window go out packed in few UPDATEs. Zero = poll after every message.
    /// </summary>
    public TimeSpan BgpUpdateDelay { get; init; } = TimeSpan.FromMilliseconds(5);
}
