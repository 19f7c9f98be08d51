using System.Buffers.Binary;

namespace ActorFabric.Cli.Bgp;

/// <summary>One packet record of a capture file: capture time and link-layer frame.</summary>
public readonly record struct CaptureRecord(DateTimeOffset Timestamp, int LinkType, byte[] Frame);

/// <summary>
/// Minimal reader of classic libpcap files (either byte order, micro- or nanosecond timestamps). Kept inside the CLI
/// on purpose: the wire layer's own pcap support is written separately, and this only needs to feed `bgp decode`.
/// </summary>
public static class CaptureRecordReader
{
    public static IEnumerable<CaptureRecord> Read(byte[] file)
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
            case 0x0A0D0D0A: throw new InvalidDataException("pcapng is not supported; convert with 'editcap -F pcap in.pcapng out.pcap'");
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
}
