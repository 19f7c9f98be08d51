using System.Data.Common;
using ActorFabric.Cluster.Persistence;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace ActorFabric.Cluster.Tests.Persistence;

/// <summary>The device journal scenarios on SQLite: a database file of each test's own, created empty.</summary>
public sealed class SqliteDeviceJournalTests(ITestOutputHelper output) : DeviceJournalScenarios(output)
{
    private readonly string folder = Directory.CreateTempSubdirectory("actorfabric-sqlite-").FullName;
    private int files;

    protected override FabricStore NewStore()
    {
        // "In an empty file": the file exists and has no schema, as a freshly created file would.
        var path = Path.Combine(folder, $"fabric-{++files}.db");
        File.Create(path).Dispose();
        return FabricStore.Parse("sqlite:" + path);
    }

    protected override DbConnection Open(FabricStore store)
    {
        var connection = new SqliteConnection(store.ConnectionString);
        connection.Open();
        return connection;
    }

    protected override ISet<string> Tables(FabricStore store)
    {
        using var connection = Open(store);
        using var query = Command(connection, "SELECT name FROM sqlite_master WHERE type = 'table'");
        using var reader = query.ExecuteReader();
        var tables = new HashSet<string>();
        while (reader.Read()) tables.Add(reader.GetString(0));
        return tables;
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
