using Akka.Actor;
using Akka.Configuration;

namespace ActorFabric.Cli.Bgp.Speaker;

/// <summary>
/// Creates the ActorSystem that runs <c>bgp speaker</c>'s actors. All of its settings are the HOCON below (one place;
/// a later change points this at config/akka.conf). Akka's own log goes through Akka.Logger.Serilog into Serilog's
/// <see cref="Serilog.Log.Logger"/> (the command sets it to stderr), never to stdout, which carries the <c>--json</c>
/// session log. No remoting: the speaker's messages carry sockets and stay in the process.
/// </summary>
public static class SpeakerActorSystem
{
    public const string Hocon = """
        akka {
          loglevel = WARNING
          stdout-loglevel = OFF
          loggers = ["Akka.Logger.Serilog.SerilogLogger, Akka.Logger.Serilog"]
          logger-formatter = "Akka.Logger.Serilog.SerilogLogMessageFormatter, Akka.Logger.Serilog"
          log-config-on-start = off
          log-dead-letters = off
          log-dead-letters-during-shutdown = off
          # The command stops on SIGINT/SIGTERM itself (Cease to every peer first); Akka must not exit the process.
          coordinated-shutdown {
            run-by-clr-shutdown-hook = off
            exit-clr = off
          }
          actor {
            # The speaker actor is the one hot actor: a dedicated thread, like the event loop it replaced, so it
            # never waits behind socket completions for a thread-pool thread.
            bgp-speaker-dispatcher {
              type = PinnedDispatcher
              throughput = 100
            }
          }
        }
        """;

    /// <summary>The speaker actor's dispatcher (see <see cref="Hocon"/>).</summary>
    public const string SpeakerDispatcher = "akka.actor.bgp-speaker-dispatcher";

    /// <param name="overrides">HOCON that takes precedence over <see cref="Hocon"/> (tests, a config file).</param>
    public static ActorSystem Create(string name = "bgp-speaker", Config? overrides = null)
    {
        var config = ConfigurationFactory.ParseString(Hocon);
        if (overrides is not null) config = overrides.WithFallback(config);
        return ActorSystem.Create(name, config);
    }
}
