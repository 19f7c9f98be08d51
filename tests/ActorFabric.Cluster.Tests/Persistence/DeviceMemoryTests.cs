using ActorFabric.Cluster.Persistence;
using FsCheck;
using FsCheck.Fluent;

namespace ActorFabric.Cluster.Tests.Persistence;

public class DeviceMemoryTests
{
    private static readonly Config Thorough = Config.QuickThrowOnFailure.WithMaxTest(500);

    [Fact]
    public void Applying_a_record_twice_is_applying_it_once() => Check.One(Thorough, Prop.ForAll(
        Arb.From(DeviceRecordGen.Memory.SelectMany(_ => DeviceRecordGen.CollidingRecord, (memory, record) => (memory, record))),
        sample => sample.memory.Apply(sample.record).Apply(sample.record).Equals(sample.memory.Apply(sample.record))));

    [Fact]
    public void Writing_the_unacknowledged_records_again_after_a_retry_changes_nothing() => Check.One(Thorough, Prop.ForAll(
        Arb.From(DeviceRecordGen.Records.SelectMany(records => Gen.Choose(0, records.Length), (records, from) => (records, from))),
        sample =>
        {
            // A journal that wrote every record, but the keeper saw acknowledgements only up to `from`, writes the rest again.
            var once = DeviceMemory.Empty.ApplyAll(sample.records);
            return once.ApplyAll(sample.records[sample.from..]).Equals(once);
        }));

    [Fact]
    public void Each_record_replaces_the_fact_it_names()
    {
        var memory = DeviceMemory.Empty.ApplyAll(
        [
            new DeviceConfigured("d:leaf1", "a"), new DeviceConfigured("d:leaf1", "b"),
            new LinkStateRecorded(Up: false, TimeSpan.FromMilliseconds(1), 0.5), new LinkStateRecorded(Up: true, TimeSpan.Zero, 0),
            new HostLocated("leaf1", 1), new HostLocated("leaf3", 4),
            new MacMobilityRecorded(10, 1, 1), new MacMobilityRecorded(10, 1, 3), new MacMobilityRecorded(10, 2, 1), new MacMobilityRecorded(10, 2, 0),
            new DuplicateMacRecorded(10, 1, Duplicate: true), new DuplicateMacRecorded(10, 2, Duplicate: true), new DuplicateMacRecorded(10, 2, Duplicate: false),
        ]);

        Assert.Equal("b", memory.ConfigDigest);
        Assert.Equal(new LinkStateRecorded(Up: true, TimeSpan.Zero, 0), memory.Link);
        Assert.Equal(new HostLocated("leaf3", 4), memory.Host);
        Assert.Equal([new KeyValuePair<(uint, ulong), uint>((10, 1), 3)], memory.MobilitySequences);
        Assert.Equal([(10u, 1ul)], memory.DuplicateMacs);
        Assert.False(memory.IsEmpty);
    }

    [Fact]
    public void Equal_content_is_equal_memory()
    {
        DeviceRecord[] records = [new MacMobilityRecorded(1, 2, 3), new DuplicateMacRecorded(1, 2, Duplicate: true)];

        Assert.Equal(DeviceMemory.Empty.ApplyAll(records), DeviceMemory.Empty.ApplyAll(records.Reverse()));
        Assert.NotEqual(DeviceMemory.Empty, DeviceMemory.Empty.Apply(new MacMobilityRecorded(1, 2, 3)));
        Assert.Equal(DeviceMemory.Empty, DeviceMemory.Empty.Apply(new MacMobilityRecorded(1, 2, 0)));
    }

    [Theory]
    [InlineData(0x0100_0000u, 0ul)]
    [InlineData(0u, 0x1_0000_0000_0000ul)]
    public void A_record_outside_the_wire_ranges_cannot_be_made(uint vni, ulong mac)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MacMobilityRecorded(vni, mac, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DuplicateMacRecorded(vni, mac, Duplicate: true));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void A_link_loss_is_a_probability(double loss)
        => Assert.Throws<ArgumentOutOfRangeException>(() => new LinkStateRecorded(Up: true, TimeSpan.Zero, loss));
}
