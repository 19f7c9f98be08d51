using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Akka.Actor;
using Akka.Serialization;

namespace ActorFabric.Cluster.Persistence;

/// <summary>
/// Journal and snapshot bytes of the device records and of <see cref="DeviceMemory"/>: big-endian fields, strings as
/// a 16-bit length and UTF-8. The manifest is KIND/VERSION ("mac-mobility/1"); a layout change is a new version that
/// this class keeps reading the old one of. Anything it cannot read is a <see cref="DeviceRecordException"/> naming
/// the manifest, never a half-read record.
/// </summary>
public sealed class DeviceRecordSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>
    /// Serializer id, also bound by <see cref="FabricStore.ToConfig"/>: EVPN's RFC number, next to the wire
    /// serializer's 4789 (the VXLAN port) and clear of Akka's own ids (below 100).
    /// </summary>
    public const int Id = 7432;

    public const string DeviceConfiguredManifest = "device-configured/1";
    public const string LinkStateManifest = "link-state/1";
    public const string HostLocatedManifest = "host-located/1";
    public const string MacMobilityManifest = "mac-mobility/1";
    public const string DuplicateMacManifest = "duplicate-mac/1";
    public const string DeviceMemoryManifest = "device-memory/1";

    private const byte HasConfiguration = 1;
    private const byte HasLink = 2;
    private const byte HasHost = 4;
    private const int MobilityEntrySize = 4 + 8 + 4;
    private const int DuplicateEntrySize = 4 + 8;

    /// <summary>Every manifest this build writes, with the kinds it knows (for "unknown version" messages).</summary>
    private static readonly ImmutableArray<string> Known =
    [
        DeviceConfiguredManifest, LinkStateManifest, HostLocatedManifest, MacMobilityManifest, DuplicateMacManifest, DeviceMemoryManifest,
    ];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        DeviceConfigured => DeviceConfiguredManifest,
        LinkStateRecorded => LinkStateManifest,
        HostLocated => HostLocatedManifest,
        MacMobilityRecorded => MacMobilityManifest,
        DuplicateMacRecorded => DuplicateMacManifest,
        DeviceMemory => DeviceMemoryManifest,
        _ => throw new ArgumentException($"{o?.GetType().FullName ?? "null"} is not a device record", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        var writer = new RecordWriter();
        switch (obj)
        {
            case DeviceConfigured r: WriteConfigured(ref writer, r); break;
            case LinkStateRecorded r: WriteLink(ref writer, r); break;
            case HostLocated r: WriteHost(ref writer, r); break;
            case MacMobilityRecorded r: writer.UInt32(r.Vni); writer.UInt64(r.Mac); writer.UInt32(r.Sequence); break;
            case DuplicateMacRecorded r: writer.UInt32(r.Vni); writer.UInt64(r.Mac); writer.Bool(r.Duplicate); break;
            case DeviceMemory m: WriteMemory(ref writer, m); break;
            default: throw new ArgumentException($"{obj?.GetType().FullName ?? "null"} is not a device record", nameof(obj));
        }
        return writer.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (bytes is null) throw new DeviceRecordException(manifest, "no bytes");
        var reader = new RecordReader(bytes, manifest);
        object value;
        try
        {
            value = manifest switch
            {
                DeviceConfiguredManifest => ReadConfigured(ref reader),
                LinkStateManifest => ReadLink(ref reader),
                HostLocatedManifest => ReadHost(ref reader),
                MacMobilityManifest => new MacMobilityRecorded(reader.UInt32("vni"), reader.UInt64("mac"), reader.UInt32("sequence")),
                DuplicateMacManifest => new DuplicateMacRecorded(reader.UInt32("vni"), reader.UInt64("mac"), reader.Bool("duplicate")),
                DeviceMemoryManifest => ReadMemory(ref reader),
                _ => throw Unknown(manifest),
            };
        }
        catch (ArgumentException e)
        {
            // A record constructor refused a field: the bytes decode to a value no device can have written.
            throw new DeviceRecordException(manifest, $"impossible value: {e.Message}", e);
        }
        reader.End();
        return value;
    }

    private static DeviceRecordException Unknown(string manifest)
    {
        var slash = manifest.LastIndexOf('/');
        if (slash <= 0 || !int.TryParse(manifest.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            return new DeviceRecordException(manifest, "not a device record manifest (KIND/VERSION)");
        var kind = manifest[..slash];
        var versions = Known.Where(m => m.StartsWith(kind + "/", StringComparison.Ordinal)).ToList();
        return versions.Count == 0
            ? new DeviceRecordException(manifest, $"unknown record kind '{kind}' (this build reads {string.Join(", ", Known)})")
            : new DeviceRecordException(manifest, $"unknown version of '{kind}' (this build reads {string.Join(", ", versions)}); written by a newer build?");
    }

    private static void WriteConfigured(ref RecordWriter writer, DeviceConfigured r)
    {
        writer.String(r.Entity);
        writer.String(r.ConfigDigest);
    }

    private static void WriteLink(ref RecordWriter writer, LinkStateRecorded r)
    {
        writer.Bool(r.Up);
        writer.Int64(r.Latency.Ticks);
        writer.Double(r.Loss);
    }

    private static void WriteHost(ref RecordWriter writer, HostLocated r)
    {
        writer.String(r.Leaf);
        writer.Int32(r.Port);
    }

    private static DeviceConfigured ReadConfigured(ref RecordReader reader) => new(reader.String("entity"), reader.String("config digest"));

    private static LinkStateRecorded ReadLink(ref RecordReader reader)
        => new(reader.Bool("up"), TimeSpan.FromTicks(reader.Int64("latency")), reader.Double("loss"));

    private static HostLocated ReadHost(ref RecordReader reader) => new(reader.String("leaf"), reader.Int32("port"));

    // device-memory/1: flags (1 configured, 2 link, 4 host), the present records' bodies in that order, then the
    // mobility table (count, then vni/mac/sequence ascending) and the duplicate set (count, then vni/mac ascending).
    private static void WriteMemory(ref RecordWriter writer, DeviceMemory m)
    {
        writer.Byte((byte)((m.Configuration is null ? 0 : HasConfiguration) | (m.Link is null ? 0 : HasLink) | (m.Host is null ? 0 : HasHost)));
        if (m.Configuration is { } configuration) WriteConfigured(ref writer, configuration);
        if (m.Link is { } link) WriteLink(ref writer, link);
        if (m.Host is { } host) WriteHost(ref writer, host);
        writer.Int32(m.MobilitySequences.Count);
        foreach (var ((vni, mac), sequence) in m.MobilitySequences)
        {
            writer.UInt32(vni);
            writer.UInt64(mac);
            writer.UInt32(sequence);
        }
        writer.Int32(m.DuplicateMacs.Count);
        foreach (var (vni, mac) in m.DuplicateMacs)
        {
            writer.UInt32(vni);
            writer.UInt64(mac);
        }
    }

    private static DeviceMemory ReadMemory(ref RecordReader reader)
    {
        var flags = reader.Byte("flags");
        if ((flags & ~(HasConfiguration | HasLink | HasHost)) != 0) throw reader.Corrupt($"unknown flags 0x{flags:x2}");
        var configuration = (flags & HasConfiguration) != 0 ? ReadConfigured(ref reader) : null;
        var link = (flags & HasLink) != 0 ? ReadLink(ref reader) : null;
        var host = (flags & HasHost) != 0 ? ReadHost(ref reader) : null;

        var mobility = ImmutableSortedDictionary.CreateBuilder<(uint Vni, ulong Mac), uint>();
        var count = reader.Count("mobility sequences", MobilityEntrySize);
        (uint, ulong)? previous = null;
        for (var i = 0; i < count; i++)
        {
            var key = (DeviceRecordRanges.CheckVni(reader.UInt32("vni")), DeviceRecordRanges.CheckMac(reader.UInt64("mac")));
            var sequence = reader.UInt32("sequence");
            if (previous is { } p && p.CompareTo(key) >= 0) throw reader.Corrupt("mobility sequences out of order or repeated");
            if (sequence == 0) throw reader.Corrupt("mobility sequence 0 stored (0 means absent)");
            mobility.Add(key, sequence);
            previous = key;
        }

        var duplicates = ImmutableSortedSet.CreateBuilder<(uint Vni, ulong Mac)>();
        count = reader.Count("duplicate MACs", DuplicateEntrySize);
        previous = null;
        for (var i = 0; i < count; i++)
        {
            var key = (DeviceRecordRanges.CheckVni(reader.UInt32("vni")), DeviceRecordRanges.CheckMac(reader.UInt64("mac")));
            if (previous is { } p && p.CompareTo(key) >= 0) throw reader.Corrupt("duplicate MACs out of order or repeated");
            duplicates.Add(key);
            previous = key;
        }
        return new DeviceMemory(configuration, link, host, mobility.ToImmutable(), duplicates.ToImmutable());
    }

    /// <summary>Appends big-endian fields to a growing buffer.</summary>
    private struct RecordWriter()
    {
        private byte[] buffer = new byte[64];
        private int length;

        public readonly byte[] ToArray() => buffer.AsSpan(0, length).ToArray();

        public void Byte(byte value) => Take(1)[0] = value;

        public void Bool(bool value) => Byte(value ? (byte)1 : (byte)0);

        public void Int32(int value) => BinaryPrimitives.WriteInt32BigEndian(Take(4), value);

        public void UInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Take(4), value);

        public void Int64(long value) => BinaryPrimitives.WriteInt64BigEndian(Take(8), value);

        public void UInt64(ulong value) => BinaryPrimitives.WriteUInt64BigEndian(Take(8), value);

        public void Double(double value) => BinaryPrimitives.WriteDoubleBigEndian(Take(8), value);

        public void String(string value)
        {
            var size = StrictUtf8.GetByteCount(value);
            if (size > ushort.MaxValue) throw new ArgumentException($"a device record string is at most {ushort.MaxValue} bytes of UTF-8, not {size}", nameof(value));
            BinaryPrimitives.WriteUInt16BigEndian(Take(2), (ushort)size);
            StrictUtf8.GetBytes(value, Take(size));
        }

        private Span<byte> Take(int size)
        {
            if (length + size > buffer.Length) Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + size));
            var span = buffer.AsSpan(length, size);
            length += size;
            return span;
        }
    }

    /// <summary>Reads big-endian fields, failing with the manifest, the field and the offset when the bytes run out or are wrong.</summary>
    private ref struct RecordReader(ReadOnlySpan<byte> bytes, string manifest)
    {
        private readonly ReadOnlySpan<byte> bytes = bytes;
        private int offset;

        public DeviceRecordException Corrupt(string problem) => new(manifest, $"corrupt at byte {offset} of {bytes.Length}: {problem}");

        public byte Byte(string field) => Take(1, field)[0];

        public bool Bool(string field) => Byte(field) switch
        {
            0 => false,
            1 => true,
            var b => throw Corrupt($"{field} is {b}, not a boolean (0 or 1)"),
        };

        public int Int32(string field) => BinaryPrimitives.ReadInt32BigEndian(Take(4, field));

        public uint UInt32(string field) => BinaryPrimitives.ReadUInt32BigEndian(Take(4, field));

        public long Int64(string field) => BinaryPrimitives.ReadInt64BigEndian(Take(8, field));

        public ulong UInt64(string field) => BinaryPrimitives.ReadUInt64BigEndian(Take(8, field));

        public double Double(string field) => BinaryPrimitives.ReadDoubleBigEndian(Take(8, field));

        public string String(string field)
        {
            var size = BinaryPrimitives.ReadUInt16BigEndian(Take(2, field + " length"));
            var text = Take(size, field);
            try
            {
                return StrictUtf8.GetString(text);
            }
            catch (DecoderFallbackException)
            {
                throw Corrupt($"{field} is not UTF-8");
            }
        }

        /// <summary>An element count that the remaining bytes can hold, so garbage never allocates a huge table.</summary>
        public int Count(string field, int elementSize)
        {
            var count = Int32(field + " count");
            if (count < 0 || (long)count * elementSize > bytes.Length - offset)
                throw Corrupt($"{field} count {count} does not fit the {bytes.Length - offset} bytes left");
            return count;
        }

        public readonly void End()
        {
            if (offset != bytes.Length) throw new DeviceRecordException(manifest, $"{bytes.Length - offset} unexpected byte(s) after the record ({bytes.Length} in all, {offset} read)");
        }

        private ReadOnlySpan<byte> Take(int size, string field)
        {
            if (bytes.Length - offset < size)
                throw new DeviceRecordException(manifest, $"truncated: {field} needs {size} byte(s) at byte {offset}, only {bytes.Length - offset} left of {bytes.Length}");
            var span = bytes.Slice(offset, size);
            offset += size;
            return span;
        }
    }
}
