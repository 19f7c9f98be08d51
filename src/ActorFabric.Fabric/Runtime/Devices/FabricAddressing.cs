using System.Net;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.Runtime.Devices;

/// <summary>Addresses the runtime derives (device fabric MACs) and conversions between address forms.</summary>
internal static class FabricAddressing
{
    /// <summary>A locally administered MAC per device, used on all its fabric ports.</summary>
    public static MacAddress DeviceMac(int nodeIndex) => new(0x02AC_0000_0000UL | (uint)(nodeIndex + 1));

    public static IPAddress ToIp(uint address) => new Ipv4Address(address).ToIPAddress();

    public static uint ToUInt(IPAddress address) => Ipv4Address.FromIPAddress(address).Value;

    public static string Dotted(uint a) => $"{a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.{a & 255}";
}
