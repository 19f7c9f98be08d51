using System.Buffers.Binary;

namespace ActorFabric.Wire.Pcap;

/// <summary>One packet of a capture file: capture time, the link type of its interface, and the frame.</summary>
public readonly record struct CaptureRecord(DateTimeOffset Timestamp, int LinkType, byte[] Frame);

/// <summary>
/// Reads the packets of a capture file of either format: classic libpcap (through <see cref="PcapReader"/>) or
/// pcapng (draft-ietf-opsawg-pcapng: section header, interface description, enhanced and simple packet blocks —
/// what `tshark -i` writes). A file that ends inside a record yields the records before it; a file that is
/// neither format throws <see cref="InvalidDataException"/> naming the problem.
/// </summary>
public static class CaptureFile
{
    private const uint PcapngSectionHeader = 0x0A0D0D0A;

    public static IEnumerable<CaptureRecord> Read(byte[] file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(file) == PcapngSectionHeader) return ReadPcapng(file);
        return ReadClassic(file);
    }

    private static IEnumerable<CaptureRecord> ReadClassic(byte[] file)
    {
        if (file.Length < PcapFormat.FileHeaderLength) throw new InvalidDataException("file too short for a pcap header");
        if (PcapReader.TryOpen(new MemoryStream(file, writable: false), out var reader) != PcapError.None)
            throw new InvalidDataException($"not a pcap file (magic 0x{BinaryPrimitives.ReadUInt32LittleEndian(file):x8})");
        return Records(reader!);

        static IEnumerable<CaptureRecord> Records(PcapReader reader)
        {
            using (reader)
            {
                // The upper bits of the link-type field carry FCS information (draft-ietf-opsawg-pcap §4).
                int linkType = (int)(reader.LinkType & 0x0FFF_FFFF);
                // Any error ends the file: a truncated capture keeps its whole records.
                while (reader.TryReadNext(out var record) == PcapError.None)
                    yield return new CaptureRecord(DateTimeOffset.UnixEpoch.AddTicks(record.TimestampNanoseconds / TimeSpan.NanosecondsPerTick), linkType, record.Data);
            }
        }
    }

    /// <summary>pcapng: blocks of Type(4) | Length(4) | body | Length(4); byte order from the section header's magic.</summary>
    private static IEnumerable<CaptureRecord> ReadPcapng(byte[] file)
    {
        bool little = true;
        var interfaces = new List<(int LinkType, long UnitsPerSecond)>();
        for (int p = 0; p + 12 <= file.Length;)
        {
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(p)); // the SHB type reads the same either way
            if (type == PcapngSectionHeader)
            {
                uint bom = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(p + 8));
                little = bom == 0x1A2B3C4D;
                if (!little && bom != 0x4D3C2B1A) throw new InvalidDataException("pcapng section header with a bad byte-order magic");
                interfaces.Clear();
            }
            else type = U32(file.AsSpan(p));
            int len = (int)U32(file.AsSpan(p + 4));
            if (len < 12 || p + len > file.Length) yield break;
            var body = file.AsSpan(p + 8, len - 12);
            switch (type)
            {
                case 1 when body.Length >= 8: // Interface Description Block
                {
                    int linkType = U16(body);
                    long unitsPerSecond = 1_000_000;
                    for (int o = 8; o + 4 <= body.Length;)
                    {
                        int code = U16(body[o..]), olen = U16(body[(o + 2)..]);
                        if (code == 0) break;
                        if (code == 9 && olen >= 1 && o + 5 <= body.Length) // if_tsresol: power of 10, or of 2 when the top bit is set
                        {
                            byte r = body[o + 4];
                            unitsPerSecond = (r & 0x80) != 0 ? 1L << Math.Min(62, r & 0x7F) : (long)Math.Pow(10, Math.Min(18, (int)r));
                        }
                        o += 4 + ((olen + 3) & ~3);
                    }
                    interfaces.Add((linkType, unitsPerSecond));
                    break;
                }
                case 6 when body.Length >= 20: // Enhanced Packet Block
                {
                    int iface = (int)U32(body);
                    if (iface >= interfaces.Count) break;
                    ulong units = ((ulong)U32(body[4..]) << 32) | U32(body[8..]);
                    int captured = (int)U32(body[12..]);
                    if (captured < 0 || 20 + captured > body.Length) break;
                    var (linkType, unitsPerSecond) = interfaces[iface];
                    long ticks = (long)((Int128)units * TimeSpan.TicksPerSecond / unitsPerSecond);
                    yield return new CaptureRecord(DateTimeOffset.UnixEpoch.AddTicks(ticks), linkType, body.Slice(20, captured).ToArray());
                    break;
                }
                case 3 when body.Length >= 4 && interfaces.Count > 0: // Simple Packet Block: no timestamp
                    yield return new CaptureRecord(DateTimeOffset.UnixEpoch, interfaces[0].LinkType, body[4..].ToArray());
                    break;
            }
            p += len;
        }

        uint U32(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt32LittleEndian(s) : BinaryPrimitives.ReadUInt32BigEndian(s);
        int U16(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16BigEndian(s);
    }
}
