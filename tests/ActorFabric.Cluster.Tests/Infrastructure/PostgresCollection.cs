namespace ActorFabric.Cluster.Tests.Infrastructure;

/// <summary>
/// The tests that share one <see cref="PostgresServer"/> or start clusters of their own: they run one after another
/// (one may stop and start the server), and alone (three node processes on two cores must not also share them with
/// other tests, or heartbeats miss and the split-brain resolver downs a healthy node).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
