using System.Net;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Tests.Bgp.Rtc;

/// <summary>MAC routes of the small RTC fabrics: leaf, VNI and MAC number are encoded in the MAC, and read back.</summary>
internal static class LeafMacRoutes
{
    public static MacIpAdvertisementRoute Mac(int leaf, uint vni, int m) =>
        new(RouteDistinguisher.FromIpv4(IPAddress.Parse($"10.0.0.{leaf + 1}"), (ushort)vni), EthernetSegmentId.Zero, 0,
            new MacAddress(0x0200_0000_0000UL | ((ulong)(uint)leaf << 24) | ((ulong)vni << 8) | (uint)m), null, vni);

    public static (int Leaf, uint Vni, int Mac) Decode(MacIpAdvertisementRoute r)
    {
        ulong v = r.Mac.Value;
        return ((int)((v >> 24) & 0xFF), (uint)((v >> 8) & 0xFFFF), (int)(v & 0xFF));
    }
}
