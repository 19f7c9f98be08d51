using System.Buffers.Binary;
using ActorFabric.Cluster.Persistence;
using Akka.Actor;
using FsCheck;
using FsCheck.Fluent;

namespace ActorFabric.Cluster.Tests.Persistence;

public class DeviceRecordSerializerTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly Config Thorough = Config.QuickThrowOnFailure.WithMaxTest(500);

    /// <summary>One record of each kind and a memory with every part, for the exhaustive corruption checks.</summary>
    public static TheoryData<string> Samples => new(Sample.Keys);

    private static readonly Dictionary<string, object> Sample = new()
    {
        ["configured"] = new DeviceConfigured("d:leaf1", "sha256:00ff"),
        ["link"] = new LinkStateRecorded(Up: false, TimeSpan.FromMicroseconds(120), 0.25),
        ["host"] = new HostLocated("leaf2", 12),
        ["mobility"] = new MacMobilityRecorded(10100, 0x0200_0000_0001, 7),
        ["duplicate"] = new DuplicateMacRecorded(10100, 0x0200_0000_0002, Duplicate: true),
        ["memory"] = DeviceMemory.Empty.ApplyAll(
        [
            new DeviceConfigured("d:leaf1", "sha256:00ff"), new LinkStateRecorded(Up: true, TimeSpan.Zero, 0), new HostLocated("leaf2", 12),
            new MacMobilityRecorded(1, 5, 2), new MacMobilityRecorded(1, 6, 3), new DuplicateMacRecorded(2, 7, Duplicate: true),
        ]),
    };

    private DeviceRecordSerializer Serializer => new((ExtendedActorSystem)Sys);

    [Fact]
    public void Every_record_round_trips() => Check.One(Thorough, Prop.ForAll(Arb.From(DeviceRecordGen.Record), record =>
    {
        var back = Serializer.FromBinary(Serializer.ToBinary(record), Serializer.Manifest(record));
        return back.Equals(record);
    }));

    [Fact]
    public void Every_memory_round_trips() => Check.One(Thorough, Prop.ForAll(Arb.From(DeviceRecordGen.Memory), memory =>
    {
        var bytes = Serializer.ToBinary(memory);
        var back = (DeviceMemory)Serializer.FromBinary(bytes, DeviceRecordSerializer.DeviceMemoryManifest);
        return back.Equals(memory) && Serializer.ToBinary(back).AsSpan().SequenceEqual(bytes);
    }));

    [Fact]
    public void Every_truncation_of_any_record_is_refused_naming_the_manifest() => Check.One(Thorough, Prop.ForAll(
        Arb.From(DeviceRecordGen.Record.SelectMany(r => Gen.Choose(0, Serializer.ToBinary(r).Length - 1), (record, cut) => (record, cut))),
        sample =>
        {
            var manifest = Serializer.Manifest(sample.record);
            var error = Assert.Throws<DeviceRecordException>(() => Serializer.FromBinary(Serializer.ToBinary(sample.record)[..sample.cut], manifest));
            return error.Manifest == manifest && error.Message.Contains($"'{manifest}'", StringComparison.Ordinal);
        }));

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_prefix_and_any_trailing_byte_is_refused(string sample)
    {
        var value = Sample[sample];
        var bytes = Serializer.ToBinary(value);
        var manifest = Serializer.Manifest(value);
        for (var length = 0; length < bytes.Length; length++)
        {
            var error = Assert.Throws<DeviceRecordException>(() => Serializer.FromBinary(bytes[..length], manifest));
            Assert.Equal(manifest, error.Manifest);
            Assert.StartsWith($"device record '{manifest}': ", error.Message);
        }
        Assert.Contains("1 unexpected byte(s)", Assert.Throws<DeviceRecordException>(() => Serializer.FromBinary([.. bytes, 0], manifest)).Message);
    }

    [Theory]
    [InlineData("router-moved/1", "unknown record kind 'router-moved'")]
    [InlineData("mac-mobility/2", "unknown version of 'mac-mobility' (this build reads mac-mobility/1)")]
    [InlineData("device-memory/0", "unknown version of 'device-memory'")]
    [InlineData("mac-mobility", "not a device record manifest (KIND/VERSION)")]
    [InlineData("mac-mobility/v1", "not a device record manifest")]
    [InlineData("", "not a device record manifest")]
    public void An_unknown_manifest_is_refused_naming_it(string manifest, string problem)
    {
        var error = Assert.Throws<DeviceRecordException>(() => Serializer.FromBinary(Serializer.ToBinary(Sample["mobility"]), manifest));

        Assert.Equal(manifest, error.Manifest);
        Assert.Equal($"device record '{manifest}': {error.Problem}", error.Message);
        Assert.Contains(problem, error.Problem);
    }

    [Fact]
    public void A_boolean_other_than_0_or_1_is_corrupt()
    {
        var bytes = Serializer.ToBinary(Sample["duplicate"]);
        bytes[^1] = 2;

        var error = Assert.Throws<DeviceRecordException>(() => Serializer.FromBinary(bytes, DeviceRecordSerializer.DuplicateMacManifest));
        Assert.Contains("duplicate is 2, not a boolean", error.Message);
    }

    [Fact]
    public void A_vni_beyond_24_bits_is_an_impossible_value()
    {
        var bytes = Serializer.ToBinary(Sample["mobility"]);
        BinaryPrimitives.WriteUInt32BigEndian(bytes, 0x0100_0000);

        var error = Assert.Throws<DeviceRecordException>(() => Serializer.FromBinary(bytes, DeviceRecordSerializer.MacMobilityManifest));
        Assert.Contains("impossible value", error.Message);
        Assert.Contains("VNI is 24 bits", error.Message);
    }

    [Fact]
    public void A_loss_that_is_not_a_probability_is_an_impossible_value()
    {
        var bytes = Serializer.ToBinary(Sample["link"]);
        BinaryPrimitives.WriteDoubleBigEndian(bytes.AsSpan(9), double.NaN);

        Assert.Contains("impossible value", Assert.Throws<DeviceRecordException>(() => Serializer.FromBinary(bytes, DeviceRecordSerializer.LinkStateManifest)).Message);
    }

    [Fact]
    public void Text_that_is_not_utf8_is_corrupt()
    {
        byte[] bytes = [0, 1, 0xFF, 0, 0];

        var error = Assert.Throws<DeviceRecordException>(() => Serializer.FromBinary(bytes, DeviceRecordSerializer.DeviceConfiguredManifest));
        Assert.Contains("entity is not UTF-8", error.Message);
    }

    [Theory]
    [InlineData(new byte[] { 8, 0, 0, 0, 0, 0, 0, 0, 0 }, "unknown flags 0x08")]
    [InlineData(new byte[] { 0, 0x7F, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0 }, "mobility sequences count 2147483647 does not fit")]
    [InlineData(new byte[] { 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0 }, "mobility sequences count -1 does not fit")]
    [InlineData(new byte[] { 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0 }, "mobility sequence 0 stored")]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 5 }, "duplicate MACs out of order")]
    public void A_memory_with_an_impossible_table_is_corrupt(byte[] bytes, string problem)
    {
        var error = Assert.Throws<DeviceRecordException>(() => Serializer.FromBinary(bytes, DeviceRecordSerializer.DeviceMemoryManifest));

        Assert.Equal(DeviceRecordSerializer.DeviceMemoryManifest, error.Manifest);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Manifests_name_kind_and_version()
    {
        Assert.Equal(
            ["device-configured/1", "link-state/1", "host-located/1", "mac-mobility/1", "duplicate-mac/1", "device-memory/1"],
            Sample.Values.Select(Serializer.Manifest));
        Assert.Equal(7432, Serializer.Identifier);
    }

    [Fact]
    public void Something_else_is_not_written()
        => Assert.Throws<ArgumentException>(() => Serializer.ToBinary("a string"));
}
