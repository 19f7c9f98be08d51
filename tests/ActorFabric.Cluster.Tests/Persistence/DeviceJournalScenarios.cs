using System.Data.Common;
using ActorFabric.Cluster.Persistence;
using Akka.Event;
using Xunit.Abstractions;
using Record = ActorFabric.Cluster.Persistence.Record;

namespace ActorFabric.Cluster.Tests.Persistence;

/// <summary>
/// What a device journal must do on every store: keep its records across the death of its node, create its schema,
/// resume from a snapshot, and refuse a record it cannot read with a reason naming the device and the record. Each
/// database runs these in a class of its own.
/// </summary>
public abstract class DeviceJournalScenarios(ITestOutputHelper output) : JournalTestKit(output)
{
    /// <summary>A store on an empty database.</summary>
    protected abstract FabricStore NewStore();

    /// <summary>A plain ADO.NET connection to the store's database, to look at (or damage) the rows.</summary>
    protected abstract DbConnection Open(FabricStore store);

    /// <summary>The names of the tables in the store's database.</summary>
    protected abstract ISet<string> Tables(FabricStore store);

    /// <summary>One record of every kind, then a few that overwrite or forget earlier facts.</summary>
    protected static IReadOnlyList<DeviceRecord> EveryKind(string entity) =>
    [
        new DeviceConfigured(entity, "sha256:1f2e3d"),
        new LinkStateRecorded(Up: false, TimeSpan.FromMicroseconds(250), 0.01),
        new HostLocated("leaf2", 7),
        new MacMobilityRecorded(10100, 0x0200_0000_0001, 1),
        new MacMobilityRecorded(10100, 0x0200_0000_0002, 4),
        new DuplicateMacRecorded(10100, 0x0200_0000_0002, Duplicate: true),
        new LinkStateRecorded(Up: true, TimeSpan.FromMicroseconds(100), 0.0),
        new MacMobilityRecorded(10100, 0x0200_0000_0001, 0),
        new MacMobilityRecorded(10200, 0x0200_0000_0001, 2),
    ];

    [Fact]
    public void A_new_node_recovers_the_memory_the_records_of_a_dead_node_make()
    {
        var store = NewStore();
        var records = EveryKind("d:leaf1");
        var node = StartNode(store);
        var (entity, probe) = StartEntity(node, "d:leaf1");
        Assert.True(probe.ExpectMsg<JournalRecovered>(Patience).Memory.IsEmpty);
        RecordAll(entity, probe, records);
        StopNode(node);

        var memory = Recover(store, "d:leaf1");

        Assert.Equal(DeviceMemory.Empty.ApplyAll(records), memory);
        Assert.Equal("sha256:1f2e3d", memory.ConfigDigest);
        Assert.Equal(new HostLocated("leaf2", 7), memory.Host);
        Assert.Equal([((10100u, 0x0200_0000_0002ul), 4u), ((10200u, 0x0200_0000_0001ul), 2u)],
            memory.MobilitySequences.Select(e => (e.Key, e.Value)));
        Assert.Equal([(10100u, 0x0200_0000_0002ul)], memory.DuplicateMacs);
        // Another device's journal is its own.
        Assert.True(Recover(store, "d:leaf2").IsEmpty);
    }

    [Fact]
    public void The_schema_is_created_on_first_use()
    {
        var store = NewStore();
        Assert.DoesNotContain(FabricStore.JournalTable, Tables(store));
        var node = StartNode(store);
        var (entity, probe) = StartEntity(node, "l:12");
        probe.ExpectMsg<JournalRecovered>(Patience);
        RecordAll(entity, probe, [new LinkStateRecorded(Up: false, TimeSpan.FromMilliseconds(1), 0.5)]);

        var tables = Tables(store);
        Assert.Contains(FabricStore.JournalTable, tables);
        Assert.Contains(FabricStore.SnapshotTable, tables);
        using var connection = Open(store);
        using var row = Command(connection, $"SELECT manifest, identifier FROM {FabricStore.JournalTable} WHERE persistence_id = @id", ("id", "fabric/l:12"));
        using var reader = row.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(DeviceRecordSerializer.LinkStateManifest, reader.GetString(0));
        Assert.Equal(DeviceRecordSerializer.Id, Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Recovery_reads_the_snapshot_and_the_records_after_it()
    {
        var store = NewStore();
        var settings = new DeviceJournalSettings(10, DeviceJournalSettings.Default.MinBackoff, DeviceJournalSettings.Default.MaxBackoff);
        var records = Enumerable.Range(1, 25)
            .Select(i => i % 5 == 0 ? new DuplicateMacRecorded(20, (ulong)i, Duplicate: true) : (DeviceRecord)new MacMobilityRecorded(20, (ulong)i, (uint)i))
            .Prepend(new DeviceConfigured("d:spine1", "sha256:aa"))
            .ToList();
        var node = StartNode(store);
        var (entity, probe) = StartEntity(node, "d:spine1", settings);
        probe.ExpectMsg<JournalRecovered>(Patience);
        RecordAll(entity, probe, records);
        // Records 1-20 are covered by the snapshot at 20 and deleted: recovery can only get them from the snapshot.
        AwaitCondition(() => Scalar(store, $"SELECT MAX(sequence_number) FROM {FabricStore.SnapshotTable} WHERE persistence_id = @id", "fabric/d:spine1") == 20
            && Scalar(store, $"SELECT COUNT(*) FROM {FabricStore.SnapshotTable} WHERE persistence_id = @id", "fabric/d:spine1") == 1
            && Scalar(store, $"SELECT COUNT(*) FROM {FabricStore.JournalTable} WHERE persistence_id = @id AND sequence_number < 20", "fabric/d:spine1") == 0,
            Patience, "the snapshot at record 20 saved, older snapshots and records 1-19 deleted");
        StopNode(node);

        var memory = Recover(store, "d:spine1", settings);

        Assert.Equal(DeviceMemory.Empty.ApplyAll(records), memory);
        Assert.Equal(20, memory.MobilitySequences.Count);
        Assert.Equal(5, memory.DuplicateMacs.Count);
    }

    [Fact]
    public void A_corrupt_record_fails_recovery_with_a_reason_naming_the_device_and_the_record()
    {
        var store = NewStore();
        var node = StartNode(store);
        var (entity, probe) = StartEntity(node, "d:leaf1");
        probe.ExpectMsg<JournalRecovered>(Patience);
        RecordAll(entity, probe, [new DeviceConfigured("d:leaf1", "sha256:1"), new MacMobilityRecorded(10, 0xAA, 3), new HostLocated("leaf1", 1)]);
        StopNode(node);
        Damage(store, "fabric/d:leaf1", 2, "message", new byte[] { 0xDE, 0xAD, 0xBE });

        var next = StartNode(store);
        var errors = CreateTestProbe(next);
        next.EventStream.Subscribe(errors.Ref, typeof(Error));
        (entity, probe) = StartEntity(next, "d:leaf1");

        var failed = probe.ExpectMsg<JournalFailed>(Patience);
        Assert.Contains("device 'd:leaf1'", failed.Reason);
        Assert.Contains("record #2", failed.Reason);
        Assert.Contains($"'{DeviceRecordSerializer.MacMobilityManifest}'", failed.Reason);
        Assert.Contains("truncated", failed.Reason);
        errors.FishForMessage<Error>(e => e.Message.ToString()!.Contains(failed.Reason, StringComparison.Ordinal), Patience);
        // No restart loop: the keeper stays failed and says so to whoever records next.
        entity.Tell(new Record(4, new HostLocated("leaf3", 2)), probe.Ref);
        Assert.Equal(failed, probe.ExpectMsg<JournalFailed>(Patience));
    }

    [Fact]
    public void A_record_of_an_unknown_version_fails_recovery_with_its_manifest_named()
    {
        var store = NewStore();
        var node = StartNode(store);
        var (entity, probe) = StartEntity(node, "h:h1");
        probe.ExpectMsg<JournalRecovered>(Patience);
        RecordAll(entity, probe, [new HostLocated("leaf1", 3), new HostLocated("leaf2", 3)]);
        StopNode(node);
        Damage(store, "fabric/h:h1", 2, "manifest", "host-located/7");

        var next = StartNode(store);
        (_, probe) = StartEntity(next, "h:h1");

        var failed = probe.ExpectMsg<JournalFailed>(Patience);
        Assert.Contains("device 'h:h1'", failed.Reason);
        Assert.Contains("record #2 ('host-located/7')", failed.Reason);
        Assert.Contains("unknown version", failed.Reason);
    }

    /// <summary>Overwrites one column of one journal row behind the plugin's back.</summary>
    protected void Damage(FabricStore store, string persistenceId, long sequenceNr, string column, object value)
    {
        using var connection = Open(store);
        using var update = Command(connection, $"UPDATE {FabricStore.JournalTable} SET {column} = @value WHERE persistence_id = @id AND sequence_number = @seq",
            ("value", value), ("id", persistenceId), ("seq", sequenceNr));
        Assert.Equal(1, update.ExecuteNonQuery());
    }

    protected long Scalar(FabricStore store, string sql, string persistenceId)
    {
        using var connection = Open(store);
        using var query = Command(connection, sql, ("id", persistenceId));
        var value = query.ExecuteScalar();
        return value is null or DBNull ? -1 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    protected static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
