using ActorFabric.Cli;

namespace ActorFabric.Cli.Tests;

public class CliUsageTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Version_prints_the_assembly_version_and_exits_zero()
    {
        var (code, output, _) = Run("--version");
        Assert.Equal(0, code);
        Assert.Equal(CliApp.Version, output.Trim());
        Assert.Matches(@"^\d+\.\d+\.\d+", output.Trim());
    }

    [Fact]
    public void Help_lists_the_command_groups()
    {
        var (code, output, _) = Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("bench", output);
    }

    [Fact]
    public void Unknown_option_prints_the_error_and_the_usage_of_that_command_and_exits_2()
    {
        var (code, _, error) = Run("bench", "actors", "--no-such-option");
        Assert.Equal(CliApp.ExitUsage, code);
        Assert.Contains("--no-such-option", error);
        Assert.Contains("bench actors [options]", error);
    }

    [Fact]
    public void Unknown_command_exits_2()
    {
        var (code, _, error) = Run("frobnicate");
        Assert.Equal(CliApp.ExitUsage, code);
        Assert.Contains("frobnicate", error);
    }
}
