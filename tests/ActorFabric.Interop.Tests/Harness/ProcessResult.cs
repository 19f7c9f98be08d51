namespace ActorFabric.Interop.Tests.Harness;

/// <summary>The outcome of a short command run to completion (a CLI call, not a daemon).</summary>
public sealed record ProcessResult(string Command, int ExitCode, string StdOut, string StdErr)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Throws with the command and both streams when the command failed, so the test log says why.</summary>
    public ProcessResult EnsureSuccess()
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"`{Command}` exited {ExitCode}\nstdout:\n{StdOut}\nstderr:\n{StdErr}");
        }
        return this;
    }
}
