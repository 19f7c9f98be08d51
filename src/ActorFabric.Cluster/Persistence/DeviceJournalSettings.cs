namespace ActorFabric.Cluster.Persistence;

/// <summary>How often a device journal snapshots, and how its keeper backs off while the database is unreachable.</summary>
/// <param name="SnapshotEvery">Records between snapshots; a recovery replays at most this many records after the snapshot.</param>
/// <param name="MinBackoff">Wait before the first restart of the journal after a failed write or recovery.</param>
/// <param name="MaxBackoff">Longest wait between restarts; the wait doubles from <paramref name="MinBackoff"/> up to it.</param>
public sealed record DeviceJournalSettings(int SnapshotEvery, TimeSpan MinBackoff, TimeSpan MaxBackoff)
{
    public static readonly DeviceJournalSettings Default = new(100, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));

    public int SnapshotEvery { get; } = SnapshotEvery > 0
        ? SnapshotEvery
        : throw new ArgumentOutOfRangeException(nameof(SnapshotEvery), SnapshotEvery, "snapshot after at least one record");

    public TimeSpan MinBackoff { get; } = MinBackoff > TimeSpan.Zero
        ? MinBackoff
        : throw new ArgumentOutOfRangeException(nameof(MinBackoff), MinBackoff, "the backoff is positive");

    public TimeSpan MaxBackoff { get; } = MaxBackoff >= MinBackoff
        ? MaxBackoff
        : throw new ArgumentOutOfRangeException(nameof(MaxBackoff), MaxBackoff, "the longest backoff is at least the first");

    /// <summary>The wait before restart number <paramref name="attempt"/> (0 for the first) after consecutive failures.</summary>
    public TimeSpan Backoff(int attempt)
        => TimeSpan.FromTicks((long)Math.Min(MaxBackoff.Ticks, MinBackoff.Ticks * Math.Pow(2, Math.Min(attempt, 30))));
}
