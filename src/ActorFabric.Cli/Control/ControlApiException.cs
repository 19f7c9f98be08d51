namespace ActorFabric.Cli.Control;

/// <summary>A control API failure with a message meant for the user (no stack trace).</summary>
public sealed class ControlApiException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
