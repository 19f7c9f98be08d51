using System.Diagnostics;

namespace ActorFabric.Cluster.Tests.Docker;

/// <summary>Runs docker-compose (1.29, Debian's package; scripts/test.sh installs it) on docker/compose.yaml.</summary>
internal static class DockerCompose
{
    public const string PasswordVariable = "ACTORFABRIC_TLS_PASSWORD";
    public const string Executable = "docker-compose";

    public static (int Code, string Out, string Err) Run(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot.Path,
        };
        foreach (var a in (string[])["-f", RepositoryRoot.File("docker", "compose.yaml"), .. arguments]) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment)
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{Executable} is not installed (scripts/test.sh installs Debian's docker-compose): {e.Message}", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{Executable} {string.Join(' ', arguments)} did not finish within 120 s");
            }
            return (process.ExitCode, output.Result, error.Result);
        }
    }
}
