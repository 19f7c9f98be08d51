using ActorFabric.Cluster.Tests.Infrastructure;
using ActorFabric.Cluster.Launch;
using ActorFabric.Cluster.Persistence;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace ActorFabric.Cluster.Tests.Launch;

/// <summary><c>up --store sqlite:PATH</c>: a run started again with the same store resumes the chaos state it left.</summary>
[Collection(PostgresCollection.Name)]
public class StoreResumeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_link_taken_down_stays_down_when_the_fabric_starts_again_from_its_sqlite_store()
    {
        var path = RepositoryFiles.Topology("quickstart.yaml");
        var text = File.ReadAllText(path);
        var topology = TopologyLoader.Parse(text, path);
        var file = Path.Combine(Path.GetTempPath(), $"actorfabric-resume-{Guid.NewGuid():N}.db");
        var store = FabricStore.Parse("sqlite:" + file);
        try
        {
            await using (var first = await ClusterLauncher.StartWithStoreAsync(topology, text, new FabricRunOptions(), store))
            {
                Assert.True((await first.WaitConvergedAsync(TimeSpan.FromSeconds(60))).Converged);
                var before = await first.PingAsync("h1", "h7", 1);
                Assert.Contains(before.Path, h => h.Device == "spine1");
                await first.LinkDownAsync("leaf1", "spine1");
                // The link's journal entry is written as the command passes; wait until it is durable.
                await Eventually(() => JournalRows(file, "fabric/l:") >= 1, TimeSpan.FromSeconds(30));
            }

            await using var second = await ClusterLauncher.StartWithStoreAsync(topology, text, new FabricRunOptions(), store);
            Assert.True((await second.WaitConvergedAsync(TimeSpan.FromSeconds(60))).Converged);
            var after = await second.PingAsync("h1", "h7", 1);
            output.WriteLine(string.Join(" → ", after.Path.Select(h => h.Device)));
            Assert.Equal(1, after.Received);
            // leaf1's only other uplink is to spine2: the link that was down is down again.
            Assert.DoesNotContain(after.Path, h => h.Device == "spine1");
            Assert.Contains(after.Path, h => h.Device == "spine2");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    private static long JournalRows(string file, string persistenceIdPrefix)
    {
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {FabricStore.JournalTable} WHERE persistence_id LIKE $p AND manifest LIKE 'link-state%'";
        command.Parameters.AddWithValue("$p", persistenceIdPrefix + "%");
        try
        {
            return (long)command.ExecuteScalar()!;
        }
        catch (SqliteException)
        {
            return 0; // the table is not created yet
        }
    }

    private static async Task Eventually(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"condition not met within {timeout}");
            await Task.Delay(100);
        }
    }
}
