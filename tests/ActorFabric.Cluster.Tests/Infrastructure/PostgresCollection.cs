namespace ActorFabric.Cluster.Tests.Infrastructure;

/// <summary>The tests that share one <see cref="PostgresServer"/>; they run one after another, so one may stop and start it.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
