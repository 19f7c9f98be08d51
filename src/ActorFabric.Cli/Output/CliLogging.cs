using ActorFabric.Fabric.Runtime;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace ActorFabric.Cli.Output;

/// <summary>
/// The CLI's Serilog pipeline: stderr (and a file with <c>--log-file</c>) at the <c>--log-level</c>. It becomes
/// Serilog's static logger, where Akka.Logger.Serilog writes Akka's own log, and Akka's level follows the same option.
/// </summary>
internal static class CliLogging
{
    public static Logger Start(LogEventLevel level, string? file, string template, string? topology = null)
    {
        var config = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .WriteTo.Console(standardErrorFromLevel: LogEventLevel.Verbose, outputTemplate: template);
        if (topology is not null) config = config.Enrich.WithProperty("Topology", topology);
        if (file is not null) config = config.WriteTo.File(file, outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} " + template);
        var logger = config.CreateLogger();
        Log.Logger = logger;
        FabricActorSystem.LogLevel = AkkaLevel(level);
        return logger;
    }

    /// <summary>Akka's name for a Serilog level (Akka has no verbose or fatal).</summary>
    public static string AkkaLevel(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose or LogEventLevel.Debug => "DEBUG",
        LogEventLevel.Information => "INFO",
        LogEventLevel.Warning => "WARNING",
        _ => "ERROR",
    };

    /// <summary><c>--log-file PATH</c>: also write the log to this file (appended).</summary>
    public static System.CommandLine.Option<string?> FileOption() => new("--log-file") { Description = "Also write the log (Akka's included) to this file, appended." };
}
