namespace ActorFabric.Cli.Scenarios;

/// <summary>A problem in a scenario file, printed as <c>FILE:LINE:COL: message</c> like compiler errors.</summary>
public sealed record ScenarioError(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
