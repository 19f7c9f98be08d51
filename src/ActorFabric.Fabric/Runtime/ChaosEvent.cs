namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// One chaos action that was applied: its place in the run (<paramref name="Sequence"/> from 1), its
/// <see cref="ChaosKind"/>, the action in the CLI grammar, what it did, when (emulated seconds since the start and
/// the wall clock) and who asked (<see cref="ChaosOrigin"/>).
/// </summary>
public sealed record ChaosEvent(int Sequence, string Kind, string Action, string Description, double EmulatedSeconds, DateTimeOffset WallTime, string Origin);
