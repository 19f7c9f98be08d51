using Akka.Actor;
using Akka.Configuration;
using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Bgp.Speaker;

/// <summary>
/// Creates the ActorSystem that runs <c>bgp speaker</c>'s actors from config/akka.conf (real time, the same file as the
/// fabric's; ACTORFABRIC_AKKA_CONFIG overrides it). Akka's own log goes through Akka.Logger.Serilog into Serilog's
/// <see cref="Serilog.Log.Logger"/> (the command sets it to stderr), never to stdout, which carries the <c>--json</c>
/// session log. No remoting: the speaker's messages carry sockets and stay in the process.
/// </summary>
public static class SpeakerActorSystem
{
    /// <summary>The speaker actor's dispatcher (a thread of its own; config/akka.conf).</summary>
    public const string SpeakerDispatcher = "actorfabric.bgp-speaker-dispatcher";

    /// <param name="overrides">HOCON that takes precedence over the defaults (tests).</param>
    public static ActorSystem Create(string name = "bgp-speaker", Config? overrides = null)
    {
        var config = FabricActorSystem.Configuration(virtualTime: false, serializeMessages: false);
        if (overrides is not null) config = overrides.WithFallback(config);
        return ActorSystem.Create(name, config);
    }
}
