using System.CommandLine;
using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Commands;

/// <summary><c>--akka-config FILE</c>: HOCON keys that override config/akka.conf (the file must exist).</summary>
internal static class AkkaConfigOption
{
    public static Option<string?> Create()
    {
        var option = new Option<string?>("--akka-config")
        {
            Description = $"HOCON file whose keys override the built-in Akka.NET settings (config/akka.conf); default: ${FabricActorSystem.ConfigVariable} if set.",
        };
        option.Validators.Add(result =>
        {
            var path = result.GetValueOrDefault<string?>();
            if (path is not null && !File.Exists(path)) result.AddError($"--akka-config: file '{path}' does not exist");
        });
        return option;
    }
}
