using System.Collections.Immutable;

namespace ActorFabric.Cluster.Persistence;

/// <summary>
/// Everything a device's journal remembers, folded from its records: what the device resumes with on another node,
/// and the content of its snapshots. Immutable; <see cref="Apply"/> is idempotent (every record replaces a fact), so a
/// record written twice after a retried write changes nothing. Equality compares content.
/// </summary>
public sealed class DeviceMemory : IEquatable<DeviceMemory>
{
    public static readonly DeviceMemory Empty = new(
        null,
        null,
        null,
        ImmutableSortedDictionary<(uint Vni, ulong Mac), uint>.Empty,
        ImmutableSortedSet<(uint Vni, ulong Mac)>.Empty);

    internal DeviceMemory(
        DeviceConfigured? configuration,
        LinkStateRecorded? link,
        HostLocated? host,
        ImmutableSortedDictionary<(uint Vni, ulong Mac), uint> mobilitySequences,
        ImmutableSortedSet<(uint Vni, ulong Mac)> duplicateMacs)
    {
        Configuration = configuration;
        Link = link;
        Host = host;
        MobilitySequences = mobilitySequences;
        DuplicateMacs = duplicateMacs;
    }

    /// <summary>The topology entry the device was last configured from (entity and config digest); null before.</summary>
    public DeviceConfigured? Configuration { get; }

    /// <summary>The topology entry's digest, null if the device was never configured.</summary>
    public string? ConfigDigest => Configuration?.ConfigDigest;

    /// <summary>Chaos state of a link; null if never changed (the topology's values hold).</summary>
    public LinkStateRecorded? Link { get; }

    /// <summary>Where a host is attached after its last move; null if it never moved.</summary>
    public HostLocated? Host { get; }

    /// <summary>RFC 7432 §15 sequence number per (VNI, MAC); a MAC at sequence 0 is absent.</summary>
    public ImmutableSortedDictionary<(uint Vni, ulong Mac), uint> MobilitySequences { get; }

    /// <summary>MACs held as duplicates (RFC 7432 §15.1), per VNI.</summary>
    public ImmutableSortedSet<(uint Vni, ulong Mac)> DuplicateMacs { get; }

    /// <summary>True when nothing was ever recorded.</summary>
    public bool IsEmpty => Equals(Empty);

    /// <summary>The memory with <paramref name="record"/> folded in.</summary>
    public DeviceMemory Apply(DeviceRecord record) => record switch
    {
        DeviceConfigured r => With(configuration: r),
        LinkStateRecorded r => With(link: r),
        HostLocated r => With(host: r),
        MacMobilityRecorded { Sequence: 0 } r => With(mobility: MobilitySequences.Remove((r.Vni, r.Mac))),
        MacMobilityRecorded r => With(mobility: MobilitySequences.SetItem((r.Vni, r.Mac), r.Sequence)),
        DuplicateMacRecorded { Duplicate: true } r => With(duplicates: DuplicateMacs.Add((r.Vni, r.Mac))),
        DuplicateMacRecorded r => With(duplicates: DuplicateMacs.Remove((r.Vni, r.Mac))),
        null => throw new ArgumentNullException(nameof(record)),
        _ => throw new ArgumentException($"{record.GetType().Name} is not a record DeviceMemory knows", nameof(record)),
    };

    /// <summary>The memory with every record folded in, in order.</summary>
    public DeviceMemory ApplyAll(IEnumerable<DeviceRecord> records) => records.Aggregate(this, (memory, record) => memory.Apply(record));

    public bool Equals(DeviceMemory? other)
        => other is not null
            && Equals(Configuration, other.Configuration)
            && Equals(Link, other.Link)
            && Equals(Host, other.Host)
            && MobilitySequences.SequenceEqual(other.MobilitySequences)
            && DuplicateMacs.SequenceEqual(other.DuplicateMacs);

    public override bool Equals(object? obj) => Equals(obj as DeviceMemory);

    public override int GetHashCode() => HashCode.Combine(Configuration, Link, Host, MobilitySequences.Count, DuplicateMacs.Count);

    public override string ToString()
        => $"DeviceMemory(config {Configuration?.ToString() ?? "none"}, link {Link?.ToString() ?? "none"}, host {Host?.ToString() ?? "none"}, "
            + $"{MobilitySequences.Count} mobility sequence(s), {DuplicateMacs.Count} duplicate MAC(s))";

    private DeviceMemory With(
        DeviceConfigured? configuration = null,
        LinkStateRecorded? link = null,
        HostLocated? host = null,
        ImmutableSortedDictionary<(uint Vni, ulong Mac), uint>? mobility = null,
        ImmutableSortedSet<(uint Vni, ulong Mac)>? duplicates = null)
        => new(configuration ?? Configuration, link ?? Link, host ?? Host, mobility ?? MobilitySequences, duplicates ?? DuplicateMacs);
}
