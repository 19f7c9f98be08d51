using ActorFabric.Protocols.Bgp.Transport;
using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Tests.Bgp.Transport;

public class BgpStreamReaderTests
{
    private static readonly BgpCodecOptions Options = BgpCodecOptions.Default;

    private static byte[] Stream(params BgpMessage[] messages) =>
        messages.SelectMany(m => BgpMessageWriter.ToBytes(m, Options)).ToArray();

    [Fact]
    public void Messages_split_at_every_byte_boundary_come_out_whole_and_in_order()
    {
        var open = new OpenMessage(4, 65000, 90, 0x0A000001, [MultiprotocolCapability.Evpn, new FourOctetAsCapability(65000)]);
        var bytes = Stream(open, KeepaliveMessage.Instance, UpdateMessage.EndOfRib(BgpConstants.AfiL2vpn, BgpConstants.SafiEvpn));
        for (int split = 1; split < bytes.Length; split++)
        {
            var reader = new BgpStreamReader();
            var results = new List<BgpDecodeResult>();
            reader.Receive(bytes.AsSpan(0, split), () => Options, results);
            reader.Receive(bytes.AsSpan(split), () => Options, results);
            Assert.Equal(3, results.Count);
            Assert.Equal(open, results[0].Message);
            Assert.IsType<KeepaliveMessage>(results[1].Message);
            Assert.True(((UpdateMessage)results[2].Message!).IsEndOfRib(out var afi, out _));
            Assert.Equal(BgpConstants.AfiL2vpn, afi);
            Assert.Equal(0, reader.Buffered);
        }
    }

    [Fact]
    public void A_bad_marker_yields_one_reset_with_notification_1_1_and_stops_reading()
    {
        var bytes = Stream(KeepaliveMessage.Instance);
        bytes[3] = 0x00; // marker must be all ones (RFC 4271 §4.1)
        var reader = new BgpStreamReader();
        var results = new List<BgpDecodeResult>();
        reader.Receive(bytes, () => Options, results);
        reader.Receive(Stream(KeepaliveMessage.Instance), () => Options, results);

        var only = Assert.Single(results);
        Assert.True(only.IsSessionReset);
        Assert.Equal((byte)1, only.Notification!.Code);
        Assert.Equal((byte)1, only.Notification.Subcode);
        Assert.True(reader.Failed);
    }

    [Fact]
    public void The_buffer_grows_for_messages_larger_than_its_initial_size()
    {
        var big = new NotificationMessage(6, 2, new byte[20_000]);
        var options = Options with { ExtendedMessage = true };
        var bytes = BgpMessageWriter.ToBytes(big, options);
        var reader = new BgpStreamReader();
        var results = new List<BgpDecodeResult>();
        for (int i = 0; i < bytes.Length; i += 1000)
            reader.Receive(bytes.AsSpan(i, Math.Min(1000, bytes.Length - i)), () => options, results);
        Assert.Equal(big, Assert.Single(results).Message);
    }

    [Fact]
    public void Encoding_reuses_the_bytes_of_one_update_instance_and_re_encodes_for_other_options()
    {
        var encoding = new BgpMessageEncoding();
        var update = UpdateMessage.EndOfRib(BgpConstants.AfiL2vpn, BgpConstants.SafiEvpn);
        var first = encoding.Encode(update, Options);
        Assert.Same(first, encoding.Encode(update, Options));
        var other = encoding.Encode(update, Options with { ExtendedMessage = true });
        Assert.Equal(first, other);
        Assert.Equal(new byte[] { 0x80, 0x0F, 0x03, 0x00, 0x19, 0x46 }, first[^6..]);
    }
}
