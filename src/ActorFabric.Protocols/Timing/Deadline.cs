namespace ActorFabric.Protocols.Timing;

/// <summary>Combining optional deadlines, as a host does when it arms one timer for several machines.</summary>
public static class Deadline
{
    /// <summary>The earlier of two deadlines; null stands for "nothing armed".</summary>
    public static TimeSpan? Earliest(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : (a.Value <= b.Value ? a : b);
}
