using ActorFabric.Wire.Packets;
using FsCheck;
using FsCheck.Fluent;

namespace ActorFabric.Wire.Tests.Packets;

/// <summary>Round trips of random headers (FsCheck, driven from plain xunit facts).</summary>
public class PropertyTests
{
    private static Gen<uint> AnyUInt => Gen.Choose(0, ushort.MaxValue).SelectMany(hi => Gen.Choose(0, ushort.MaxValue), (hi, lo) => (uint)(hi << 16 | lo));
    private static Gen<Ipv4Address> AnyIpv4 => AnyUInt.Select(v => new Ipv4Address(v));
    private static Gen<MacAddress> AnyMac => AnyUInt.SelectMany(_ => AnyUInt, (a, b) => new MacAddress(((ulong)a << 16) ^ b));
    private static Gen<VlanTag?> AnyVlan => Gen.Frequency(
        (1, Gen.Constant<VlanTag?>(null)),
        (3, Gen.Choose(0, 0xFFFF).Select(tci => (VlanTag?)VlanTag.FromTci((ushort)tci))));

    [Fact]
    public void Ethernet_headers_round_trip()
    {
        var gen = AnyMac.SelectMany(_ => AnyMac, (d, s) => (d, s))
            .SelectMany(_ => AnyVlan, (ds, v) => (ds.d, ds.s, v))
            .SelectMany(_ => Gen.Elements(EtherType.Ipv4, EtherType.Arp, EtherType.Ipv6, (EtherType)0x88CC), (t, e) => new EthernetHeader(t.d, t.s, e, t.v));
        Prop.ForAll(gen.ToArbitrary(), header =>
        {
            var buffer = new byte[header.Length];
            header.Write(buffer);
            return EthernetHeader.TryRead(buffer, out var read) == PacketError.None && read == header;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Ipv4_headers_round_trip_with_a_verifying_checksum()
    {
        var gen = AnyIpv4.SelectMany(_ => AnyIpv4, (s, d) => (s, d))
            .SelectMany(_ => Gen.Choose(0, 255), (sd, ttl) => (sd.s, sd.d, ttl))
            .SelectMany(_ => Gen.Choose(0, 1400), (t, len) => (t.s, t.d, t.ttl, len))
            .SelectMany(_ => Gen.Choose(0, 0xFFFF), (t, id) => (t.s, t.d, t.ttl, t.len, id))
            .SelectMany(_ => Gen.Choose(0, 15), (t, bits) => Ipv4Header.Create(t.s, t.d, (IpProtocol)(t.id & 0xFF), t.len, (byte)t.ttl,
                dontFragment: (bits & 1) != 0, identification: (ushort)t.id, routerAlert: (bits & 2) != 0, typeOfService: (byte)(bits * 17)));
        Prop.ForAll(gen.ToArbitrary(), header =>
        {
            var packet = new byte[header.TotalLength];
            header.Write(packet);
            return Ipv4Header.TryRead(packet, out var read) == PacketError.None
                && read with { Checksum = 0 } == header
                && InternetChecksum.Verify(packet.AsSpan(0, header.WriteLength));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Arp_packets_round_trip()
    {
        var gen = AnyMac.SelectMany(_ => AnyIpv4, (m, i) => (m, i))
            .SelectMany(_ => AnyMac.SelectMany(_ => AnyIpv4, (m, i) => (m, i)), (s, t) => (s, t))
            .SelectMany(_ => Gen.Choose(1, 2), (st, op) => new ArpPacket((ArpOperation)op, st.s.m, st.s.i, st.t.m, st.t.i));
        Prop.ForAll(gen.ToArbitrary(), arp =>
        {
            var buffer = new byte[ArpPacket.Length];
            arp.Write(buffer);
            return ArpPacket.TryRead(buffer, out var read) == PacketError.None && read == arp;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Vxlan_encapsulation_round_trips_random_inner_frames_and_vnis()
    {
        var gen = Gen.Choose(0, (int)VxlanHeader.MaxVni)
            .SelectMany(_ => Gen.Choose(14, 1514).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n)), (vni, inner) => (vni, inner));
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var outer = new VxlanOuterStack(MacAddress.Parse("02:00:00:00:00:01"), MacAddress.Parse("02:00:00:00:00:02"),
                Ipv4Address.Parse("10.0.0.1"), Ipv4Address.Parse("10.0.0.2"), (uint)t.vni, ComputeUdpChecksum: t.vni % 2 == 0);
            var packet = VxlanEncapsulation.Encapsulate(outer, t.inner);
            return VxlanEncapsulation.TryDecapsulate(packet, out var info, out var inner) == PacketError.None
                && info.Vni == (uint)t.vni
                && inner.SequenceEqual(t.inner);
        }).QuickCheckThrowOnFailure();
    }
}
