using ActorFabric.Cli.Control;

namespace ActorFabric.Cli.Scenarios;

/// <summary>A convergence observation in scenario output: emulated figures only.</summary>
/// <param name="ConvergedAt">Emulated time of the (last) convergence as the runtime reports it.</param>
/// <param name="Waited">Emulated time the wait-converged step took.</param>
public sealed record ScenarioConvergence(bool Converged, TimeSpan? ConvergedAt, TimeSpan? Waited, ConvergenceProgressView Progress, long? Messages);
