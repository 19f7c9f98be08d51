namespace ActorFabric.Cluster.Persistence;

// What a device writes to its journal so that it can resume on another node. Each record is a fact that replaces
// the previous fact of its kind (never a delta), so applying one twice, or replaying a suffix of the journal again
// after a retry, leaves DeviceMemory unchanged. A record's bytes are versioned by DeviceRecordSerializer's manifest;
// a change of fields is a new version there, never a silent change of layout.

/// <summary>A fact in a device's journal; <see cref="DeviceMemory.Apply"/> folds it.</summary>
public abstract record DeviceRecord
{
    private protected DeviceRecord()
    {
    }
}

/// <summary>
/// The device was built from this topology entry: <paramref name="ConfigDigest"/> is the entry's digest, so a device
/// resuming under a different topology sees that its memory belongs to another configuration.
/// </summary>
public sealed record DeviceConfigured(string Entity, string ConfigDigest) : DeviceRecord
{
    public string Entity { get; } = Entity ?? throw new ArgumentNullException(nameof(Entity));

    public string ConfigDigest { get; } = ConfigDigest ?? throw new ArgumentNullException(nameof(ConfigDigest));
}

/// <summary>Chaos state of a link: up or down, its one-way latency and its loss probability.</summary>
public sealed record LinkStateRecorded(bool Up, TimeSpan Latency, double Loss) : DeviceRecord
{
    public TimeSpan Latency { get; } = Latency >= TimeSpan.Zero
        ? Latency
        : throw new ArgumentOutOfRangeException(nameof(Latency), Latency, "a link's latency is not negative");

    public double Loss { get; } = Loss is >= 0.0 and <= 1.0
        ? Loss
        : throw new ArgumentOutOfRangeException(nameof(Loss), Loss, "a link's loss is a probability, 0 to 1");
}

/// <summary>Where a host is attached after a VM move: the leaf and its access port.</summary>
public sealed record HostLocated(string Leaf, int Port) : DeviceRecord
{
    public string Leaf { get; } = Leaf ?? throw new ArgumentNullException(nameof(Leaf));

    public int Port { get; } = Port >= 0 ? Port : throw new ArgumentOutOfRangeException(nameof(Port), Port, "a port number is not negative");
}

/// <summary>
/// The MAC mobility sequence number a VTEP holds for a MAC in a VNI (RFC 7432 §15). Sequence 0 is what a route
/// without the MAC Mobility extended community means, so recording 0 forgets the MAC.
/// </summary>
public sealed record MacMobilityRecorded(uint Vni, ulong Mac, uint Sequence) : DeviceRecord
{
    public uint Vni { get; } = DeviceRecordRanges.CheckVni(Vni);

    public ulong Mac { get; } = DeviceRecordRanges.CheckMac(Mac);
}

/// <summary>Whether a MAC in a VNI is held as a duplicate (RFC 7432 §15.1: moved too often within the detection window).</summary>
public sealed record DuplicateMacRecorded(uint Vni, ulong Mac, bool Duplicate) : DeviceRecord
{
    public uint Vni { get; } = DeviceRecordRanges.CheckVni(Vni);

    public ulong Mac { get; } = DeviceRecordRanges.CheckMac(Mac);
}

/// <summary>The value ranges of the wire fields records carry.</summary>
internal static class DeviceRecordRanges
{
    /// <summary>A VNI is 24 bits (RFC 7348 §5).</summary>
    public const uint MaxVni = 0xFF_FFFF;

    /// <summary>A MAC is 48 bits, kept in the low bits of a ulong.</summary>
    public const ulong MaxMac = 0xFFFF_FFFF_FFFF;

    public static uint CheckVni(uint vni)
        => vni <= MaxVni ? vni : throw new ArgumentOutOfRangeException(nameof(vni), vni, "a VNI is 24 bits");

    public static ulong CheckMac(ulong mac)
        => mac <= MaxMac ? mac : throw new ArgumentOutOfRangeException(nameof(mac), mac, "a MAC address is 48 bits");
}
