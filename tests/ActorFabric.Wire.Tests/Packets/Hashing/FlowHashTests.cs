using ActorFabric.Wire.Hashing;
using ActorFabric.Wire.Packets;
using ActorFabric.Wire.Tests.Packets;
using static ActorFabric.Wire.Tests.Packets.SampleFrames;

namespace ActorFabric.Wire.Tests.Hashing;

public class FlowHashTests
{
    [Fact]
    public void Flow_hash_is_pinned_so_ecmp_paths_replay_identically_across_processes_and_versions()
    {
        // If this value changes, every recorded scenario's paths change: do it only on purpose.
        var frame = FrameBuilder.UdpDatagram(H1Mac, H2Mac, H1Ip, H2Ip, 40000, 5001, "x"u8);
        uint expected = FlowHash.OfIpv4FiveTuple(H1Ip, H2Ip, IpProtocol.Udp, 40000, 5001);
        Assert.Equal(expected, FlowHash.OfFrame(frame));
        Assert.Equal(0x811c9dc5u, Fnv1a.Hash32(ReadOnlySpan<byte>.Empty));
        Assert.Equal(PinnedFiveTupleHash, expected);
    }

    // FNV-1a 32 of [4, 10.1.1.1, 10.1.1.2, 17, 40000, 5001] then fmix32, cross-checked with an independent Python implementation.
    private const uint PinnedFiveTupleHash = 0x02051ad5;

    [Fact]
    public void Flow_hash_uses_l3_and_l4_fields_and_ignores_macs_vlan_ttl_and_payload_for_ip()
    {
        uint baseline = FlowHash.OfFrame(FrameBuilder.UdpDatagram(H1Mac, H2Mac, H1Ip, H2Ip, 40000, 5001, "x"u8));
        Assert.Equal(baseline, FlowHash.OfFrame(FrameBuilder.UdpDatagram(Leaf1Mac, Spine1Mac, H1Ip, H2Ip, 40000, 5001, "other payload"u8, new VlanTag(9), ttl: 3)));
        Assert.NotEqual(baseline, FlowHash.OfFrame(FrameBuilder.UdpDatagram(H1Mac, H2Mac, H1Ip, H2Ip, 40001, 5001, "x"u8)));
        Assert.NotEqual(baseline, FlowHash.OfFrame(FrameBuilder.UdpDatagram(H1Mac, H2Mac, H1Ip, H2Ip, 40000, 5002, "x"u8)));
        Assert.NotEqual(baseline, FlowHash.OfFrame(FrameBuilder.UdpDatagram(H1Mac, H2Mac, H2Ip, H1Ip, 40000, 5001, "x"u8)));
        Assert.NotEqual(baseline, FlowHash.OfFrame(FrameBuilder.UdpDatagram(H1Mac, H2Mac, H1Ip, H2Ip, 40000, 5001, "x"u8), seed: 1));
    }

    [Fact]
    public void Non_ip_frames_hash_on_macs_and_ethertype()
    {
        uint a = FlowHash.OfFrame(FrameBuilder.ArpRequest(H1Mac, H1Ip, H2Ip));
        Assert.Equal(a, FlowHash.OfFrame(FrameBuilder.ArpRequest(H1Mac, Ipv4Address.Parse("10.9.9.9"), H2Ip, new VlanTag(5))));
        Assert.NotEqual(a, FlowHash.OfFrame(FrameBuilder.ArpRequest(H2Mac, H1Ip, H2Ip)));
    }

    [Fact]
    public void Vxlan_source_ports_stay_in_the_dynamic_range_and_spread_over_it()
    {
        var seen = new HashSet<ushort>();
        for (ushort port = 1; port <= 2000; port++)
        {
            var inner = FrameBuilder.UdpDatagram(H1Mac, H2Mac, H1Ip, H2Ip, port, 5001, default);
            ushort source = VxlanSourcePort.ForInnerFrame(inner);
            Assert.InRange(source, VxlanSourcePort.Minimum, VxlanSourcePort.Maximum);
            seen.Add(source);
        }
        Assert.True(seen.Count > 1800, $"only {seen.Count} distinct ports for 2000 flows");
        Assert.Equal(VxlanSourcePort.Minimum, VxlanSourcePort.FromFlowHash(0));
        Assert.Equal(VxlanSourcePort.Maximum, VxlanSourcePort.FromFlowHash(uint.MaxValue));
    }
}
