namespace ActorFabric.Cluster.Persistence;

/// <summary>The database behind the device journals.</summary>
public enum FabricStoreKind
{
    /// <summary>One SQLite file: a single node, or tests.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server every node of the cluster reaches.</summary>
    Postgres,
}
