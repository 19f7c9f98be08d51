using System.Buffers.Binary;

namespace ActorFabric.Cli.Bgp;

/// <summary>One packet record of a capture file: capture time and link-layer frame.</summary>
public readonly record struct CaptureRecord(DateTimeOffset Timestamp, int LinkType, byte[] Frame);

/// <summary>
/// Minimal reader of capture files: classic libpcap (either byte order, micro- or nanosecond timestamps) and pcapng
/// (section header, interface description and enhanced/simple packet blocks, which is what `tshark -i` writes). Kept
/// inside the CLI on purpose: the wire layer's own pcap support is written separately; this only feeds `bgp decode`.
/// </summary>
public static class CaptureRecordReader
{
    public static IEnumerable<CaptureRecord> Read(byte[] file)
    {
        if (file.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(file) == 0x0A0D0D0A) return ReadPcapng(file);
        return ReadClassic(file);
    }

    private static IEnumerable<CaptureRecord> ReadClassic(byte[] file)
    {
        if (file.Length < 24) throw new InvalidDataException("file too short for a pcap header");
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(file);
        bool little, nanos;
        switch (magic)
        {
            case 0xA1B2C3D4: little = true; nanos = false; break;
            case 0xD4C3B2A1: little = false; nanos = false; break;
            case 0xA1B23C4D: little = true; nanos = true; break;
            case 0x4D3CB2A1: little = false; nanos = true; break;
            default: throw new InvalidDataException($"not a pcap file (magic 0x{magic:x8})");
        }
        uint U32(int at) => little ? BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at)) : BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at));
        int linkType = (int)(U32(20) & 0x0FFF_FFFF);
        for (int p = 24; p + 16 <= file.Length;)
        {
            long sec = U32(p);
            long frac = U32(p + 4);
            int incl = (int)U32(p + 8);
            if (incl < 0 || p + 16 + incl > file.Length) yield break; // truncated capture: stop at the last whole record
            var ts = DateTimeOffset.FromUnixTimeSeconds(sec).AddTicks(nanos ? frac / 100 : frac * 10);
            yield return new CaptureRecord(ts, linkType, file.AsSpan(p + 16, incl).ToArray());
            p += 16 + incl;
        }
    }

    /// <summary>pcapng: blocks of Type(4) | Length(4) | body | Length(4); byte order from the section header's magic.</summary>
    private static IEnumerable<CaptureRecord> ReadPcapng(byte[] file)
    {
        bool little = true;
        var interfaces = new List<(int LinkType, long TicksPerUnitNumerator, long UnitsPerSecond)>();
        for (int p = 0; p + 12 <= file.Length;)
        {
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(p)); // SHB type reads the same either way
            if (type == 0x0A0D0D0A)
            {
                uint bom = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(p + 8));
                little = bom == 0x1A2B3C4D;
                if (!little && bom != 0x4D3C2B1A) throw new InvalidDataException("pcapng section header with a bad byte-order magic");
                interfaces.Clear();
            }
            else type = U32(p);
            int len = (int)U32(p + 4);
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
                    interfaces.Add((linkType, TimeSpan.TicksPerSecond, unitsPerSecond));
                    break;
                }
                case 6 when body.Length >= 20: // Enhanced Packet Block
                {
                    int iface = (int)U32Span(body);
                    if (iface >= interfaces.Count) break;
                    ulong units = ((ulong)U32Span(body[4..]) << 32) | U32Span(body[8..]);
                    int captured = (int)U32Span(body[12..]);
                    if (captured < 0 || 20 + captured > body.Length) break;
                    var (linkType, ticksPerSecond, unitsPerSecond) = interfaces[iface];
                    long ticks = (long)((Int128)units * ticksPerSecond / unitsPerSecond);
                    yield return new CaptureRecord(DateTimeOffset.UnixEpoch.AddTicks(ticks), linkType, body.Slice(20, captured).ToArray());
                    break;
                }
                case 3 when body.Length >= 4 && interfaces.Count > 0: // Simple Packet Block: no timestamp
                    yield return new CaptureRecord(DateTimeOffset.UnixEpoch, interfaces[0].LinkType, body[4..].ToArray());
                    break;
            }
            p += len;
        }

        uint U32(int at) => little ? BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at)) : BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at));
        uint U32Span(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt32LittleEndian(s) : BinaryPrimitives.ReadUInt32BigEndian(s);
        int U16(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16BigEndian(s);
    }
}
