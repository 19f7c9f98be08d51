namespace ActorFabric.Fabric.Runtime;

/// <summary>Who asked for a chaos action: the <c>actorfabric chaos</c> command, another control-API client, or a scenario step.</summary>
public static class ChaosOrigin
{
    public const string Cli = "cli";
    public const string Api = "api";
    public const string Scenario = "scenario";

    public static bool IsKnown(string origin) => origin is Cli or Api or Scenario;
}
