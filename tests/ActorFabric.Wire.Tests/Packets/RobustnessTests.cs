using ActorFabric.Wire.Hashing;
using ActorFabric.Wire.Packets;
using static ActorFabric.Wire.Tests.Packets.SampleFrames;

namespace ActorFabric.Wire.Tests.Packets;

/// <summary>Decoders face whatever a chaos run or a fuzzer hands them: they must answer, not throw.</summary>
public class RobustnessTests
{
    private static IEnumerable<byte[]> Corpus()
    {
        foreach (var (_, frame) in All())
        {
            yield return frame;
            yield return VxlanEncapsulation.Encapsulate(Outer(), frame);
            yield return VxlanEncapsulation.Encapsulate(Outer() with { OuterVlan = new VlanTag(9), ComputeUdpChecksum = true }, frame);
        }
    }

    private static void DecodeEverything(ReadOnlySpan<byte> bytes)
    {
        _ = FrameDescription.Parse(bytes).ToString();
        _ = VxlanEncapsulation.TryDecapsulate(bytes, out _, out _);
        _ = FlowHash.OfFrame(bytes);
        _ = EthernetHeader.TryRead(bytes, out _, out _);
        _ = ArpPacket.TryRead(bytes, out _);
        _ = Ipv4Header.TryRead(bytes, out _, out _);
        _ = Ipv6Header.TryRead(bytes, out _, out _);
        _ = UdpHeader.TryRead(bytes, out _, out _);
        _ = IcmpEcho.TryRead(bytes, out _, out _);
        _ = IgmpMessage.TryRead(bytes, out _);
        if (Igmpv3Report.TryRead(bytes, out var reader) == PacketError.None)
            while (reader.TryReadNext(out _, out _, out _)) { }
        _ = VxlanHeader.TryRead(bytes, out _);
        var reply = new byte[FrameBuilder.MaxFrameLength];
        _ = FrameBuilder.TryWriteIcmpEchoReplyTo(bytes, reply, out _);
        var copy = bytes.ToArray();
        _ = Ipv4Forwarding.TryRewriteForNextHop(copy, H1Mac, H2Mac);
    }

    [Fact]
    public void Every_truncation_of_every_sample_frame_decodes_without_throwing()
    {
        int truncatedVxlanSeen = 0;
        foreach (var frame in Corpus())
        {
            for (int length = 0; length < frame.Length; length++)
            {
                DecodeEverything(frame.AsSpan(0, length));
                if (length > 14 && VxlanEncapsulation.TryDecapsulate(frame.AsSpan(0, length), out _, out _) == PacketError.Truncated) truncatedVxlanSeen++;
            }
        }
        Assert.True(truncatedVxlanSeen > 0);
    }

    [Fact]
    public void Random_bit_flips_and_random_bytes_decode_without_throwing()
    {
        var random = new Random(20240601);
        foreach (var frame in Corpus())
        {
            for (int i = 0; i < 40; i++)
            {
                var copy = (byte[])frame.Clone();
                int flips = random.Next(1, 4);
                for (int f = 0; f < flips; f++) copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                DecodeEverything(copy);
            }
        }
        for (int i = 0; i < 500; i++)
        {
            var noise = new byte[random.Next(0, 200)];
            random.NextBytes(noise);
            if (noise.Length > 14 && i % 2 == 0) { noise[12] = 0x08; noise[13] = 0x00; noise[14] = 0x45; }
            DecodeEverything(noise);
        }
    }

    [Fact]
    public void Truncated_outer_vxlan_packet_reports_truncated()
    {
        var packet = VxlanEncapsulation.Encapsulate(Outer(), FrameBuilder.ArpRequest(H1Mac, H1Ip, H2Ip));
        Assert.Equal(PacketError.Truncated, VxlanEncapsulation.TryDecapsulate(packet.AsSpan(0, packet.Length - 1), out _, out _));
        Assert.Equal(PacketError.Truncated, VxlanEncapsulation.TryDecapsulate(packet.AsSpan(0, 20), out _, out _));
        Assert.Equal(PacketError.Truncated, FrameDescription.Parse(packet.AsSpan(0, 30)).Error);
    }
}
