using System.Buffers.Binary;
using System.Net;

namespace ActorFabric.Cli.Tests.Bgp;

/// <summary>Writes classic pcap files of a fake TCP session (Ethernet or Linux cooked framing) for decode and tshark tests.</summary>
internal sealed class TestCapture(int linkType = 1)
{
    private readonly MemoryStream _file = CreateHeader(linkType);
    private long _micros = 1_700_000_000_000_000;

    private static MemoryStream CreateHeader(int linkType)
    {
        var ms = new MemoryStream();
        var h = new byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(h, 0xA1B2C3D4);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(6), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(16), 262144);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(20), (uint)linkType);
        ms.Write(h);
        return ms;
    }

    public byte[] ToArray() => _file.ToArray();

    public void Segment(IPEndPoint src, IPEndPoint dst, uint seq, uint ack, byte flags, ReadOnlySpan<byte> payload)
    {
        var tcp = new byte[20 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(tcp, (ushort)src.Port);
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(2), (ushort)dst.Port);
        BinaryPrimitives.WriteUInt32BigEndian(tcp.AsSpan(4), seq);
        BinaryPrimitives.WriteUInt32BigEndian(tcp.AsSpan(8), ack);
        tcp[12] = 5 << 4;
        tcp[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(14), 65535);
        payload.CopyTo(tcp.AsSpan(20));
        var s = src.Address.GetAddressBytes();
        var d = dst.Address.GetAddressBytes();
        // TCP checksum over the IPv4 pseudo-header, so dissectors have nothing to complain about.
        var pseudo = new byte[12 + tcp.Length];
        s.CopyTo(pseudo, 0); d.CopyTo(pseudo, 4); pseudo[9] = 6;
        BinaryPrimitives.WriteUInt16BigEndian(pseudo.AsSpan(10), (ushort)tcp.Length);
        tcp.CopyTo(pseudo, 12);
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(16), Checksum(pseudo));

        var ip = new byte[20 + tcp.Length];
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(2), (ushort)ip.Length);
        ip[6] = 0x40; // DF
        ip[8] = 64; ip[9] = 6;
        s.CopyTo(ip, 12); d.CopyTo(ip, 16);
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(10), Checksum(ip.AsSpan(0, 20)));
        tcp.CopyTo(ip, 20);

        byte[] frame;
        if (linkType == 113)
        {
            frame = new byte[16 + ip.Length];
            frame[1] = 4; // sent by us
            frame[3] = 1; // ARPHRD_ETHER
            frame[5] = 6;
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(14), 0x0800);
            ip.CopyTo(frame, 16);
        }
        else
        {
            frame = new byte[14 + ip.Length];
            frame[5] = 1; frame[11] = 2; frame[0] = 0x02; frame[6] = 0x02;
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0800);
            ip.CopyTo(frame, 14);
        }
        var rec = new byte[16];
        _micros += 1000;
        BinaryPrimitives.WriteUInt32LittleEndian(rec, (uint)(_micros / 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(rec.AsSpan(4), (uint)(_micros % 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(rec.AsSpan(8), (uint)frame.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(rec.AsSpan(12), (uint)frame.Length);
        _file.Write(rec);
        _file.Write(frame);
    }

    private static ushort Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (int i = 0; i + 1 < data.Length; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        if (data.Length % 2 == 1) sum += (uint)data[^1] << 8;
        while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }

    /// <summary>A whole session: handshake, then each message from its side as one segment (ACKs piggy-backed).</summary>
    public static byte[] Session(IEnumerable<(bool FromA, byte[] Bytes)> messages, int linkType = 1)
    {
        var cap = new TestCapture(linkType);
        var a = new IPEndPoint(IPAddress.Parse("192.0.2.1"), 40000);
        var b = new IPEndPoint(IPAddress.Parse("192.0.2.2"), 179);
        uint seqA = 1000, seqB = 5000;
        cap.Segment(a, b, seqA++, 0, 0x02, []);
        cap.Segment(b, a, seqB++, seqA, 0x12, []);
        cap.Segment(a, b, seqA, seqB, 0x10, []);
        foreach (var (fromA, bytes) in messages)
        {
            if (fromA) { cap.Segment(a, b, seqA, seqB, 0x18, bytes); seqA += (uint)bytes.Length; }
            else { cap.Segment(b, a, seqB, seqA, 0x18, bytes); seqB += (uint)bytes.Length; }
        }
        return cap.ToArray();
    }

    /// <summary>Rewrites a classic pcap (as produced here) as pcapng with nanosecond resolution, the way `tshark -i` stores captures.</summary>
    public static byte[] ToPcapng(byte[] pcap)
    {
        var ms = new MemoryStream();
        void Block(uint type, byte[] body)
        {
            int padded = (body.Length + 3) & ~3;
            var b = new byte[12 + padded];
            BinaryPrimitives.WriteUInt32LittleEndian(b, type);
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), (uint)b.Length);
            body.CopyTo(b, 8);
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(b.Length - 4), (uint)b.Length);
            ms.Write(b);
        }
        var shb = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(shb, 0x1A2B3C4D);
        BinaryPrimitives.WriteUInt16LittleEndian(shb.AsSpan(4), 1);
        BinaryPrimitives.WriteInt64LittleEndian(shb.AsSpan(8), -1);
        Block(0x0A0D0D0A, shb);
        var idb = new byte[8 + 8 + 4];
        BinaryPrimitives.WriteUInt16LittleEndian(idb, (ushort)BinaryPrimitives.ReadUInt32LittleEndian(pcap.AsSpan(20)));
        BinaryPrimitives.WriteUInt16LittleEndian(idb.AsSpan(8), 9);  // if_tsresol
        BinaryPrimitives.WriteUInt16LittleEndian(idb.AsSpan(10), 1);
        idb[12] = 9;                                                  // 10^-9 s
        Block(1, idb);
        for (int p = 24; p + 16 <= pcap.Length;)
        {
            ulong ns = BinaryPrimitives.ReadUInt32LittleEndian(pcap.AsSpan(p)) * 1_000_000_000UL + BinaryPrimitives.ReadUInt32LittleEndian(pcap.AsSpan(p + 4)) * 1000UL;
            int len = (int)BinaryPrimitives.ReadUInt32LittleEndian(pcap.AsSpan(p + 8));
            var epb = new byte[20 + len];
            BinaryPrimitives.WriteUInt32LittleEndian(epb.AsSpan(4), (uint)(ns >> 32));
            BinaryPrimitives.WriteUInt32LittleEndian(epb.AsSpan(8), (uint)ns);
            BinaryPrimitives.WriteUInt32LittleEndian(epb.AsSpan(12), (uint)len);
            BinaryPrimitives.WriteUInt32LittleEndian(epb.AsSpan(16), (uint)len);
            pcap.AsSpan(p + 16, len).CopyTo(epb.AsSpan(20));
            Block(6, epb);
            p += 16 + len;
        }
        return ms.ToArray();
    }
}
