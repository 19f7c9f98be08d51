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
                await Eventually(() => JournalRows(file, "fabric/l:", "link-state") >= 1, TimeSpan.FromSeconds(30));
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

    [Fact]
    public async Task A_moved_vm_comes_back_on_its_new_leaf_with_its_mac_mobility_sequence()
    {
        var path = RepositoryFiles.Topology("quickstart.yaml");
        var text = File.ReadAllText(path);
        var topology = TopologyLoader.Parse(text, path);
        var file = Path.Combine(Path.GetTempPath(), $"actorfabric-resume-{Guid.NewGuid():N}.db");
        var store = FabricStore.Parse("sqlite:" + file);
        const string mac = "02:00:00:00:01:01"; // h1
        try
        {
            await using (var first = await ClusterLauncher.StartWithStoreAsync(topology, text, new FabricRunOptions(), store))
            {
                Assert.True((await first.WaitConvergedAsync(TimeSpan.FromSeconds(60))).Converged);
                await first.VmMoveAsync("h1", "leaf2", "eth5");
                await Eventually(() => Sequence(first, mac) == 1, TimeSpan.FromSeconds(30));
                await Eventually(() => JournalRows(file, "fabric/d:leaf2", "mac-mobility") >= 1 && JournalRows(file, "fabric/h:h1", "host-located") >= 1, TimeSpan.FromSeconds(30));
            }

            await using var second = await ClusterLauncher.StartWithStoreAsync(topology, text, new FabricRunOptions(), store);
            Assert.True((await second.WaitConvergedAsync(TimeSpan.FromSeconds(60))).Converged);
            // Learnt again on leaf2 with no remote route to outbid, h1's MAC keeps the sequence its move had earned.
            await Eventually(() => Sequence(second, mac) == 1, TimeSpan.FromSeconds(30));
            var ping = await second.PingAsync("h5", "h1", 1);
            output.WriteLine(string.Join(" → ", ping.Path.Select(h => $"{h.Device}{(h.EgressPort is { } e ? ":" + e : "")}")));
            Assert.Equal(1, ping.Received);
            Assert.Equal("leaf2", ping.Path[^2].Device);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    /// <summary>The mobility sequence of leaf3's best route for <paramref name="mac"/> (-1 when it has none).</summary>
    private static long Sequence(FabricRuntime runtime, string mac)
    {
        var table = runtime.RouteTableAsync("leaf3").GetAwaiter().GetResult();
        var best = table.Routes.FirstOrDefault(r => r.RouteType == 2 && r.Mac == mac && r.Ip is null && r.Best);
        return best is null ? -1 : best.MobilitySequence ?? 0;
    }

    private static long JournalRows(string file, string persistenceIdPrefix, string manifest)
    {
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {FabricStore.JournalTable} WHERE persistence_id LIKE $p AND manifest LIKE $m";
        command.Parameters.AddWithValue("$p", persistenceIdPrefix + "%");
        command.Parameters.AddWithValue("$m", manifest + "%");
        try
        {
            return (long)command.ExecuteScalar()!;
        }
        catch (SqliteException)
        {
            return 0;
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
