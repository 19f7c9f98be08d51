namespace ActorFabric.Cli.Control;

/// <summary>The body of every non-2xx control API answer; <see cref="Suggestions"/> lists near matches for an unknown name.</summary>
public sealed record ControlApiError(string Error, string? Kind = null, string? Name = null, IReadOnlyList<string>? Suggestions = null);
