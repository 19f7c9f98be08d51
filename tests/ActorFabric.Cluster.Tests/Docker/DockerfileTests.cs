namespace ActorFabric.Cluster.Tests.Docker;

public class DockerfileTests
{
    [Fact]
    public void The_build_stage_publishes_the_cli_in_release_with_the_dotnet_10_sdk()
    {
        var from = DockerfileText.Instructions.First(l => l.StartsWith("FROM ", StringComparison.Ordinal));
        var publish = DockerfileText.Instructions.Single(l => l.Contains("dotnet publish", StringComparison.Ordinal));

        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/sdk:10.0 ", from, StringComparison.Ordinal);
        Assert.Contains("src/ActorFabric.Cli/ActorFabric.Cli.csproj", publish, StringComparison.Ordinal);
        Assert.Contains("-c Release", publish, StringComparison.Ordinal);
        Assert.Contains("-o /app", publish, StringComparison.Ordinal);
    }

    [Fact]
    public void The_build_stage_copies_every_file_outside_src_that_the_cli_build_reads()
    {
        var copies = string.Join('\n', DockerfileText.Instructions.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal)));

        Assert.Contains("Directory.Build.props", copies, StringComparison.Ordinal);
        Assert.Contains("Directory.Packages.props", copies, StringComparison.Ordinal);
        Assert.Contains("COPY src/ src/", copies, StringComparison.Ordinal);
        // Projects embed HOCON from config/ (EmbeddedResource ../../config/*.conf).
        Assert.Contains("COPY config/ config/", copies, StringComparison.Ordinal);
        var outside = Directory.GetFiles(RepositoryRoot.File("src"), "*.csproj", SearchOption.AllDirectories)
            .SelectMany(File.ReadAllLines)
            .Where(l => l.Contains("Include=\"../../", StringComparison.Ordinal))
            .Select(l => l.Split("Include=\"../../", 2)[1].Split('/', 2)[0])
            .Distinct();
        Assert.All(outside, folder => Assert.Contains($"COPY {folder}/ {folder}/", copies, StringComparison.Ordinal));
    }

    [Fact]
    public void The_final_stage_is_the_aspnet_runtime_because_the_cli_references_asp_net_core()
    {
        var cli = File.ReadAllText(RepositoryRoot.File("src", "ActorFabric.Cli", "ActorFabric.Cli.csproj"));
        var runtime = cli.Contains("Microsoft.AspNetCore.App", StringComparison.Ordinal) ? "aspnet" : "runtime";

        Assert.StartsWith($"mcr.microsoft.com/dotnet/{runtime}:10.0", DockerfileText.Last("FROM"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_image_runs_the_cli_as_a_non_root_user()
    {
        Assert.Equal("[\"dotnet\", \"/app/actorfabric.dll\"]", DockerfileText.Last("ENTRYPOINT"));
        var user = DockerfileText.FinalUser;
        Assert.NotEqual("", user);
        Assert.DoesNotContain(user, (string[])["root", "0", "0:0", "root:root"]);
        var last = DockerfileText.Instructions.ToList();
        Assert.True(last.FindLastIndex(l => l.StartsWith("USER ", StringComparison.Ordinal)) > last.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.Ordinal)),
            "the USER instruction must be in the final stage");
    }

    [Fact]
    public void The_cli_assembly_is_named_actorfabric()
    {
        var cli = File.ReadAllText(RepositoryRoot.File("src", "ActorFabric.Cli", "ActorFabric.Cli.csproj"));
        Assert.Contains("<AssemblyName>actorfabric</AssemblyName>", cli, StringComparison.Ordinal);
    }
}
