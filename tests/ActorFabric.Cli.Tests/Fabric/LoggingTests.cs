using ActorFabric.Cli.Output;
using Serilog.Events;

namespace ActorFabric.Cli.Tests.Fabric;

/// <summary>One log pipeline: --log-level and --log-file govern the CLI's own log and Akka's.</summary>
public class LoggingTests
{
    [Fact]
    public void Up_with_a_log_file_writes_its_log_there()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("af-log-").FullName, "up.log");
        var (code, _, _) = CliRun.Run("up", RecordedFabric.QuickstartPath, "--virtual-time", "--exit-when-converged", "--json",
            "--log-level", "Information", "--log-file", file);
        Assert.Equal(0, code);
        Assert.Contains("Fabric quickstart started", File.ReadAllText(file));
    }

    [Theory]
    [InlineData(LogEventLevel.Verbose, "DEBUG")]
    [InlineData(LogEventLevel.Debug, "DEBUG")]
    [InlineData(LogEventLevel.Information, "INFO")]
    [InlineData(LogEventLevel.Warning, "WARNING")]
    [InlineData(LogEventLevel.Error, "ERROR")]
    [InlineData(LogEventLevel.Fatal, "ERROR")]
    public void Akka_logs_at_the_level_the_cli_was_given(LogEventLevel level, string akka)
        => Assert.Equal(akka, CliLogging.AkkaLevel(level));
}
