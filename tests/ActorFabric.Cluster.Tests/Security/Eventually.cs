namespace ActorFabric.Cluster.Tests.Security;

/// <summary>Polls a condition until it holds or a deadline passes: network behaviour has no virtual clock to advance.</summary>
internal static class Eventually
{
    public static bool Holds(Func<bool> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if (condition()) return true;
            if (DateTime.UtcNow > deadline) return false;
            Thread.Sleep(20);
        }
    }
}
