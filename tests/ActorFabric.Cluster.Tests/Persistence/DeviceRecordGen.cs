using System.Text;
using ActorFabric.Cluster.Persistence;
using FsCheck;
using FsCheck.Fluent;

namespace ActorFabric.Cluster.Tests.Persistence;

/// <summary>FsCheck generators of device records (every kind, edge values included) and of the memories they fold into.</summary>
public static class DeviceRecordGen
{
    public static Gen<uint> Vni { get; } = Gen.OneOf(Gen.Choose(0, (int)DeviceRecordRanges.MaxVni).Select(v => (uint)v), Gen.Elements(0u, 1u, DeviceRecordRanges.MaxVni));

    public static Gen<ulong> Mac { get; } = Gen.OneOf(
        Gen.Choose(0, 0xFF_FFFF).SelectMany(high => Gen.Choose(0, 0xFF_FFFF), (high, low) => ((ulong)high << 24) | (uint)low),
        Gen.Elements(0UL, 0x0200_0000_0001UL, DeviceRecordRanges.MaxMac));

    public static Gen<uint> Sequence { get; } = Gen.OneOf(Gen.Choose(int.MinValue, int.MaxValue).Select(s => unchecked((uint)s)), Gen.Elements(0u, 1u, uint.MaxValue));

    /// <summary>Any text that is valid UTF-16 (a lone surrogate has no UTF-8 and no device name holds one).</summary>
    public static Gen<string> Text { get; } = Gen.OneOf(
        ArbMap.Default.GeneratorFor<NonNull<string>>().Select(s => s.Get).Where(s => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(s)) == s),
        Gen.Elements("", "d:leaf1", "sha256:0f1e2d3c4b5a", "Blatt-Süd ⚡", new string('x', 4000)));

    public static Gen<DeviceRecord> Record { get; } = Gen.OneOf(
        Text.SelectMany(_ => Text, (entity, digest) => (DeviceRecord)new DeviceConfigured(entity, digest)),
        Gen.Elements(true, false).SelectMany(
            _ => Gen.Choose(0, int.MaxValue).Select(t => TimeSpan.FromTicks(t * 1000L)),
            (up, latency) => (up, latency)).SelectMany(
            _ => Gen.OneOf(Gen.Choose(0, 1_000_000).Select(l => l / 1e6), Gen.Elements(0.0, 1.0, double.Epsilon)),
            (ul, loss) => (DeviceRecord)new LinkStateRecorded(ul.up, ul.latency, loss)),
        Text.SelectMany(_ => Gen.Choose(0, int.MaxValue), (leaf, port) => (DeviceRecord)new HostLocated(leaf, port)),
        Vni.SelectMany(_ => Mac, (vni, mac) => (vni, mac)).SelectMany(_ => Sequence, (key, seq) => (DeviceRecord)new MacMobilityRecorded(key.vni, key.mac, seq)),
        Vni.SelectMany(_ => Mac, (vni, mac) => (vni, mac)).SelectMany(_ => Gen.Elements(true, false), (key, dup) => (DeviceRecord)new DuplicateMacRecorded(key.vni, key.mac, dup)));

    /// <summary>Records that hit few (VNI, MAC) keys, so later ones overwrite and forget earlier ones.</summary>
    public static Gen<DeviceRecord> CollidingRecord { get; } = Gen.OneOf(
        Record,
        Gen.Choose(0, 3).SelectMany(_ => Gen.Choose(0, 3), (vni, mac) => (vni, mac)).SelectMany(
            _ => Gen.Choose(0, 2),
            (key, seq) => (DeviceRecord)new MacMobilityRecorded((uint)key.vni, (ulong)key.mac, (uint)seq)),
        Gen.Choose(0, 3).SelectMany(_ => Gen.Elements(true, false), (mac, dup) => (DeviceRecord)new DuplicateMacRecorded(1, (ulong)mac, dup)));

    public static Gen<DeviceRecord[]> Records { get; } = Gen.ArrayOf(CollidingRecord);

    public static Gen<DeviceMemory> Memory { get; } = Records.Select(records => DeviceMemory.Empty.ApplyAll(records));
}
