namespace ActorFabric.Actors.TestKit;

/// <summary>A TestKit expectation did not hold.</summary>
public sealed class TestKitAssertionException(string message) : Exception(message);
