using System.Reflection;
using Akka.Actor;
using Akka.Configuration;

namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// Builds the ActorSystem a fabric runs in from config/akka.conf (built into this assembly), the virtual-time
/// overlay when the run is deterministic, and the user's overrides: a HOCON file (option or the
/// ACTORFABRIC_AKKA_CONFIG environment variable). A virtual-time run gets an ActorSystem of its own: Akka's
/// scheduler is system-wide.
/// </summary>
public static class FabricActorSystem
{
    /// <summary>Environment variable naming a HOCON file whose keys override the defaults.</summary>
    public const string ConfigVariable = "ACTORFABRIC_AKKA_CONFIG";

    /// <summary>Dispatcher of every fabric actor.</summary>
    public const string Dispatcher = "actorfabric.fabric-dispatcher";

    /// <summary>Mailbox of every fabric actor (delivery counting and digest).</summary>
    public const string Mailbox = "actorfabric.traced-mailbox";

    private static readonly Lazy<string> Defaults = new(() =>
    {
        using var stream = typeof(FabricActorSystem).Assembly.GetManifestResourceStream("akka.conf")
            ?? throw new InvalidOperationException("akka.conf is not embedded in " + typeof(FabricActorSystem).Assembly.GetName().Name);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>
    /// Akka's log level for every system this process creates (DEBUG, INFO, WARNING, ERROR); null keeps
    /// config/akka.conf's. The CLI sets it once from <c>--log-level</c>; a file override still wins.
    /// </summary>
    public static string? LogLevel { get; set; }

    /// <summary>The effective configuration of a run (defaults, overlays, overrides).</summary>
    public static Config Configuration(bool virtualTime, bool serializeMessages, string? overrideFile = null)
    {
        var config = ConfigurationFactory.ParseString(Defaults.Value);
        if (virtualTime) config = config.GetConfig("actorfabric.virtual-time").WithFallback(config);
        if (serializeMessages) config = ConfigurationFactory.ParseString("akka.actor.serialize-messages = on").WithFallback(config);
        if (LogLevel is { } level) config = ConfigurationFactory.ParseString($"akka.loglevel = {level}").WithFallback(config);
        var file = overrideFile ?? Environment.GetEnvironmentVariable(ConfigVariable);
        if (!string.IsNullOrEmpty(file))
        {
            if (!File.Exists(file)) throw new FileNotFoundException($"Akka configuration file '{file}' does not exist", file);
            config = ConfigurationFactory.ParseString(File.ReadAllText(file)).WithFallback(config);
        }
        return config;
    }

    /// <summary>Creates the system for one fabric run.</summary>
    public static ActorSystem Create(string name, bool virtualTime, bool serializeMessages, string? overrideFile = null)
        => ActorSystem.Create(name, Configuration(virtualTime, serializeMessages, overrideFile));
}

/// <summary>Props of fabric actors: built from a factory (no expression compiled per actor), on the fabric dispatcher and mailbox.</summary>
internal static class FabricProps
{
    public static Props Of<T>(Func<T> factory) where T : ActorBase
        => Props.CreateBy(new Producer<T>(factory)).WithDispatcher(FabricActorSystem.Dispatcher).WithMailbox(FabricActorSystem.Mailbox);

    private sealed class Producer<T>(Func<T> factory) : IIndirectActorProducer where T : ActorBase
    {
        public Type ActorType => typeof(T);

        public ActorBase Produce() => factory();

        public void Release(ActorBase actor)
        {
        }
    }
}
