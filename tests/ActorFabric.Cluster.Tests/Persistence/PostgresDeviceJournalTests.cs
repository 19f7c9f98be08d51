using System.Data.Common;
using ActorFabric.Cluster.Persistence;
using ActorFabric.Cluster.Tests.Infrastructure;
using Akka.Actor;
using Akka.Event;
using Akka.TestKit;
using Npgsql;
using Xunit.Abstractions;
using Record = ActorFabric.Cluster.Persistence.Record;

namespace ActorFabric.Cluster.Tests.Persistence;

/// <summary>
/// The device journal scenarios on a real PostgreSQL server (a database of each test's own), and the outage: the
/// server stopped and started again while a device is being given records.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresDeviceJournalTests(PostgresServer server, ITestOutputHelper output) : DeviceJournalScenarios(output)
{
    protected override FabricStore NewStore() => FabricStore.Parse(server.CreateDatabase("journal"));

    protected override DbConnection Open(FabricStore store)
    {
        // Unpooled: the test's look at the rows must not take (or leave) connections in the journal's pool.
        var connection = new NpgsqlConnection(store.ConnectionString + ";Pooling=false");
        connection.Open();
        return connection;
    }

    protected override ISet<string> Tables(FabricStore store)
    {
        using var connection = Open(store);
        using var query = Command(connection, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
        using var reader = query.ExecuteReader();
        var tables = new HashSet<string>();
        while (reader.Read()) tables.Add(reader.GetString(0));
        return tables;
    }

    [Fact]
    public void Every_record_given_across_a_server_restart_is_acknowledged_once_in_order_and_recovers()
    {
        var store = NewStore();
        var settings = new DeviceJournalSettings(SnapshotEvery: 10, MinBackoff: TimeSpan.FromMilliseconds(100), MaxBackoff: TimeSpan.FromSeconds(1));
        var records = Enumerable.Range(1, 151).Select(i => (DeviceRecord)new MacMobilityRecorded(100, (ulong)i, (uint)i)).ToList();
        var node = StartNode(store);
        var warnings = CreateTestProbe(node);
        node.EventStream.Subscribe(warnings.Ref, typeof(Warning));
        var (entity, probe) = StartEntity(node, "d:leaf7", settings);
        probe.ExpectMsg<JournalRecovered>(Patience);

        void Give(int from, int to)
        {
            for (var seq = from; seq <= to; seq++) entity.Tell(new Record(seq, records[seq - 1]), probe.Ref);
        }

        RecordAll(entity, probe, records.Take(20).ToList());
        Give(21, 50);
        server.Stop(mode: "immediate"); // a crash: every session cut, some of records 21-50 likely in flight
        try
        {
            Give(51, 100); // given while nothing can be written
            // The server stays down until a restarted journal has failed to recover from it.
            warnings.FishForMessage<Warning>(w => w.Message.ToString()!.Contains("journal recovery failed", StringComparison.Ordinal), Patience);
        }
        finally
        {
            server.Start();
        }
        Give(101, 150);

        for (var seq = 21L; seq <= 150; seq++)
        {
            var expected = seq;
            probe.ExpectMsg<Recorded>(r => Assert.Equal(expected, r.Seq), Patience);
        }
        // Once: a record given now is acknowledged next, after no second acknowledgement of a record written twice.
        RecordAll(entity, probe, records[150..], firstSeq: 151);
        StopNode(node);

        Assert.Equal(DeviceMemory.Empty.ApplyAll(records), Recover(store, "d:leaf7", settings));
    }

    [Fact]
    public void A_device_started_while_the_server_is_down_recovers_once_it_is_up_and_keeps_what_it_was_given()
    {
        var store = NewStore();
        var settings = new DeviceJournalSettings(SnapshotEvery: 100, MinBackoff: TimeSpan.FromMilliseconds(100), MaxBackoff: TimeSpan.FromSeconds(1));
        var records = EveryKind("d:border1");
        server.Stop();
        ActorSystem node;
        IActorRef entity;
        TestProbe probe;
        try
        {
            node = StartNode(store);
            var errors = CreateTestProbe(node);
            node.EventStream.Subscribe(errors.Ref, typeof(Error));
            (entity, probe) = StartEntity(node, "d:border1", settings);
            for (var i = 0; i < records.Count; i++) entity.Tell(new Record(i + 1, records[i]), probe.Ref);
            // The server stays down until the journal plugin has failed to reach it (it retries on its own, and holds
            // the device's recovery meanwhile).
            errors.FishForMessage<Error>(e => e.LogSource.Contains("akka.persistence.journal.sql", StringComparison.Ordinal), Patience);
        }
        finally
        {
            server.Start();
        }

        // The schema is created once the server answers, then the device resumes (empty) and its records are written.
        Assert.True(probe.ExpectMsg<JournalRecovered>(Patience).Memory.IsEmpty);
        for (var seq = 1L; seq <= records.Count; seq++)
        {
            var expected = seq;
            probe.ExpectMsg<Recorded>(r => Assert.Equal(expected, r.Seq), Patience);
        }
        StopNode(node);

        Assert.Equal(DeviceMemory.Empty.ApplyAll(records), Recover(store, "d:border1", settings));
    }
}
