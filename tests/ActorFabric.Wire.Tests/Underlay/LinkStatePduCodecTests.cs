using ActorFabric.Wire.Underlay;
using FsCheck;
using FsCheck.Fluent;

namespace ActorFabric.Wire.Tests.Underlay;

public class LinkStatePduCodecTests
{
    private static readonly LinkStateNeighbor[] Neighbors = [new(0x0A000001, 10), new(0x0A000002, 20)];
    private static readonly UnderlayPrefix[] Prefixes = [UnderlayPrefix.Host(0x0A000101), new(0xC0A80000, 16)];

    [Fact]
    public void Hello_has_the_documented_layout()
    {
        var hello = new LinkStateHello(0x0A000101, 3, 3000, LinkStateAdjacencyState.Initializing, 0x0A000001, 7);
        byte[] expected =
        [
            0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0x0A, 0x00, 0x01, 0x01, // header: v1, hello, len 32, sender
            0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x0B, 0xB8,                         // interface 3, hold 3000 ms
            0x01, 0x00, 0x00, 0x00, 0x0A, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x07, // Initializing, neighbor, its interface
        ];

        Assert.Equal(expected, hello.ToArray());
        Assert.Equal(LinkStateDecodeError.None, LinkStateHello.TryRead(expected, out var back));
        Assert.Equal(hello, back);
    }

    [Fact]
    public void Link_state_packet_round_trips_every_field()
    {
        var bytes = LinkStatePacketWriter.ToArray(0x0A000101, 0x0A000101, 42, 1200, overload: true, Neighbors, Prefixes);

        Assert.Equal(LinkStatePacketWriter.GetEncodedLength(2, 2), bytes.Length);
        Assert.Equal(LinkStateDecodeError.None, LinkStatePacketReader.TryCreate(bytes, out var lsp));
        Assert.Equal(0x0A000101u, lsp.OriginRouterId);
        Assert.Equal(42u, lsp.SequenceNumber);
        Assert.Equal(1200, lsp.RemainingLifetime);
        Assert.True(lsp.Overload);
        Assert.Equal(2, lsp.NeighborCount);
        Assert.Equal(Neighbors[1], lsp.GetNeighbor(1));
        Assert.Equal(2, lsp.PrefixCount);
        Assert.Equal(Prefixes[0], lsp.GetPrefix(0));
        Assert.Equal(Prefixes[1], lsp.GetPrefix(1));
    }

    [Fact]
    public void Link_state_packets_round_trip_for_arbitrary_contents()
    {
        Prop.ForAll<(uint, uint), (uint, uint)[], (uint, byte)[]>((header, neighbors, prefixes) =>
        {
            var (origin, sequence) = header;
            var n = neighbors.Select(x => new LinkStateNeighbor(x.Item1, x.Item2)).ToArray();
            var p = prefixes.Select(x => new UnderlayPrefix(x.Item1, (byte)(x.Item2 % 33))).ToArray();
            var bytes = LinkStatePacketWriter.ToArray(origin, origin, sequence, 0xFFFF, false, n, p);
            if (LinkStatePacketReader.TryCreate(bytes, out var lsp) != LinkStateDecodeError.None) return false;
            bool ok = lsp.OriginRouterId == origin && lsp.SequenceNumber == sequence && lsp.NeighborCount == n.Length && lsp.PrefixCount == p.Length;
            for (int i = 0; ok && i < n.Length; i++) ok = lsp.GetNeighbor(i) == n[i];
            for (int i = 0; ok && i < p.Length; i++) ok = lsp.GetPrefix(i) == p[i];
            return ok;
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(LinkStatePduType.CompleteSequenceNumbers)]
    [InlineData(LinkStatePduType.PartialSequenceNumbers)]
    public void Sequence_numbers_packets_round_trip(LinkStatePduType type)
    {
        SequenceNumbersEntry[] entries = [new(1, 5, 0xFFFF), new(0xFFFFFFFF, 0, 7)];

        var bytes = SequenceNumbersPacket.ToArray(type, 0x0A000001, entries);

        Assert.Equal(LinkStateDecodeError.None, SequenceNumbersPacket.TryRead(bytes, out var snp));
        Assert.Equal(type, snp.Type);
        Assert.Equal(0x0A000001u, snp.SenderRouterId);
        Assert.Equal(2, snp.Count);
        Assert.Equal(entries[0], snp[0]);
        Assert.Equal(entries[1], snp[1]);
    }

    [Fact]
    public void Every_truncation_of_every_pdu_type_is_reported_as_truncated()
    {
        byte[][] pdus =
        [
            new LinkStateHello(1, 2, 3, LinkStateAdjacencyState.Up, 4, 5).ToArray(),
            LinkStatePacketWriter.ToArray(1, 1, 1, 0xFFFF, false, Neighbors, Prefixes),
            SequenceNumbersPacket.ToArray(LinkStatePduType.PartialSequenceNumbers, 1, [new(1, 1, 1)]),
        ];
        foreach (var pdu in pdus)
        {
            for (int length = 0; length < pdu.Length; length++)
            {
                var cut = pdu.AsSpan(0, length);
                var error = pdu[1] switch
                {
                    1 => LinkStateHello.TryRead(cut, out _),
                    2 => LinkStatePacketReader.TryCreate(cut, out _),
                    _ => SequenceNumbersPacket.TryRead(cut, out _),
                };
                Assert.Equal(LinkStateDecodeError.Truncated, error);
            }
        }
    }

    [Fact]
    public void Rejects_unknown_version_unknown_type_and_the_wrong_type()
    {
        var hello = new LinkStateHello(1, 2, 3, LinkStateAdjacencyState.Up, 4, 5).ToArray();

        var v2 = (byte[])hello.Clone();
        v2[0] = 2;
        Assert.Equal(LinkStateDecodeError.UnsupportedVersion, LinkStateHello.TryRead(v2, out _));

        var unknown = (byte[])hello.Clone();
        unknown[1] = 9;
        Assert.Equal(LinkStateDecodeError.UnexpectedType, LinkStateHello.TryRead(unknown, out _));

        Assert.Equal(LinkStateDecodeError.UnexpectedType, LinkStatePacketReader.TryCreate(hello, out _));
    }

    [Fact]
    public void Rejects_counts_that_disagree_with_the_length_and_prefixes_longer_than_32()
    {
        var lsp = LinkStatePacketWriter.ToArray(1, 1, 1, 0xFFFF, false, Neighbors, Prefixes);
        var badCount = (byte[])lsp.Clone();
        badCount[25] = 3; // claims three neighbors
        Assert.Equal(LinkStateDecodeError.LengthMismatch, LinkStatePacketReader.TryCreate(badCount, out _));

        var badPrefix = (byte[])lsp.Clone();
        badPrefix[LinkStatePacketReader.FixedLength + 2 * 8 + 4] = 33;
        Assert.Equal(LinkStateDecodeError.Malformed, LinkStatePacketReader.TryCreate(badPrefix, out _));

        var hello = new LinkStateHello(1, 2, 3, LinkStateAdjacencyState.Up, 4, 5).ToArray();
        hello[20] = 3; // no such adjacency state
        Assert.Equal(LinkStateDecodeError.Malformed, LinkStateHello.TryRead(hello, out _));
    }

    [Fact]
    public void A_buffer_longer_than_the_pdu_decodes_only_the_pdu()
    {
        var lsp = LinkStatePacketWriter.ToArray(1, 1, 9, 0xFFFF, false, Neighbors, Prefixes);
        var padded = lsp.Concat(new byte[] { 0xEE, 0xEE }).ToArray();

        Assert.Equal(LinkStateDecodeError.None, LinkStatePacketReader.TryCreate(padded, out var reader));
        Assert.Equal(lsp.Length, reader.Bytes.Length);
    }

    [Fact]
    public void Prefix_contains_and_formats_addresses()
    {
        var prefix = new UnderlayPrefix(0x0A000100, 24);

        Assert.True(prefix.Contains(0x0A0001FE));
        Assert.False(prefix.Contains(0x0A000201));
        Assert.Equal("10.0.1.0/24", prefix.ToString());
    }
}
