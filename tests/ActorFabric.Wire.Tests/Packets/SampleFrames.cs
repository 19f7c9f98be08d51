using ActorFabric.Wire.Packets;

namespace ActorFabric.Wire.Tests.Packets;

/// <summary>A small set of host frames of every kind, shared by tests that need "one of each".</summary>
internal static class SampleFrames
{
    public static readonly MacAddress H1Mac = MacAddress.Parse("02:00:00:00:01:01");
    public static readonly MacAddress H2Mac = MacAddress.Parse("02:00:00:00:01:02");
    public static readonly Ipv4Address H1Ip = Ipv4Address.Parse("10.1.1.1");
    public static readonly Ipv4Address H2Ip = Ipv4Address.Parse("10.1.1.2");
    public static readonly Ipv4Address Group = Ipv4Address.Parse("239.1.1.1");

    public static readonly MacAddress Leaf1Mac = MacAddress.Parse("0a:00:00:00:00:01");
    public static readonly MacAddress Spine1Mac = MacAddress.Parse("0a:00:00:00:00:f1");
    public static readonly Ipv4Address Vtep1 = Ipv4Address.Parse("192.0.2.1");
    public static readonly Ipv4Address Vtep2 = Ipv4Address.Parse("192.0.2.2");

    /// <summary>Every builder's frame, untagged and tagged, with a short label.</summary>
    public static IEnumerable<(string Label, byte[] Frame)> All(ushort idBase = 1)
    {
        foreach (VlanTag? vlan in new VlanTag?[] { null, new VlanTag(100, Priority: 3) })
        {
            string tag = vlan is null ? "" : " tagged";
            ushort id = (ushort)(idBase + (vlan is null ? 0 : 1));
            yield return ("arp request" + tag, FrameBuilder.ArpRequest(H1Mac, H1Ip, H2Ip, vlan));
            yield return ("arp reply" + tag, FrameBuilder.ArpReply(H2Mac, H2Ip, H1Mac, H1Ip, vlan));
            yield return ("gratuitous arp" + tag, FrameBuilder.GratuitousArp(H1Mac, H1Ip, vlan));
            yield return ("icmp echo request" + tag, FrameBuilder.IcmpEchoRequest(H1Mac, H2Mac, H1Ip, H2Ip, id, 1, "abcdefghijklmnopqrstuvwabcdefghi"u8, vlan));
            yield return ("icmp echo reply" + tag, FrameBuilder.IcmpEchoReply(H2Mac, H1Mac, H2Ip, H1Ip, id, 1, "abcdefghijklmnopqrstuvwabcdefghi"u8, vlan));
            yield return ("udp" + tag, FrameBuilder.UdpDatagram(H1Mac, H2Mac, H1Ip, H2Ip, 40000, 5001, "flow payload"u8, vlan));
            yield return ("igmpv2 report" + tag, FrameBuilder.Igmpv2Report(H1Mac, H1Ip, Group, vlan));
            yield return ("igmpv2 leave" + tag, FrameBuilder.Igmpv2Leave(H1Mac, H1Ip, Group, vlan));
            yield return ("igmpv2 query" + tag, FrameBuilder.Igmpv2Query(H2Mac, H2Ip, Ipv4Address.Any, vlan: vlan));
            yield return ("igmpv3 report" + tag, FrameBuilder.Igmpv3Report(H1Mac, H1Ip,
                new[] { Igmpv3GroupRecord.Join(Group), new Igmpv3GroupRecord(Igmpv3RecordType.AllowNewSources, Ipv4Address.Parse("232.1.1.1"), new[] { H2Ip }) }, vlan));
        }
    }

    public static VxlanOuterStack Outer(uint vni = 10100) => new(Leaf1Mac, Spine1Mac, Vtep1, Vtep2, vni);
}
