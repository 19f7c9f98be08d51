namespace ActorFabric.Cli.Scenarios;

/// <summary>A chaos action's blast radius: EVPN paths withdrawn and added, FDB entries now elsewhere, sessions no longer established.</summary>
public sealed record ScenarioChanges(long RoutesWithdrawn, long RoutesAdded, long? FdbMoved, long SessionsDropped);
