namespace ActorFabric.Cli.Scenarios;

/// <summary>
/// One step of a scenario: at emulated time <see cref="At"/>, run <see cref="Verb"/> with its positional
/// arguments and options. <see cref="Text"/> is the step as written (it labels the step in the output);
/// <see cref="Line"/> points back into the file for runtime errors.
/// </summary>
public sealed record ScenarioStep(
    int Index,
    TimeSpan At,
    StepKind Kind,
    ScenarioVerb Verb,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Options,
    string Text,
    string? Label,
    int Line)
{
    public string? Option(string name) => Options.TryGetValue(name, out var v) ? v : null;
}
