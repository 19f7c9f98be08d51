using System.Net;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Wire.Bgp;

/// <summary>Text forms of extended communities in the style FRR and GoBGP print them ("RT:65000:100", "ET:8", "MM:1").</summary>
public static class ExtendedCommunityText
{
    public static string Format(ExtendedCommunity c)
    {
        var v = c.Value48;
        if (c.IsRouteTarget)
        {
            return c.Type switch
            {
                ExtendedCommunity.TypeTwoOctetAs => $"RT:{(ushort)(v >> 32)}:{(uint)v}",
                ExtendedCommunity.TypeIpv4 => $"RT:{new IPAddress(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness((uint)(v >> 16)))}:{(ushort)v}",
                _ => $"RT:{(uint)(v >> 16)}:{(ushort)v}",
            };
        }
        if (c.IsEncapsulation) return $"ET:{c.EncapsulationTunnelType}";
        if (c.IsMacMobility) return c.MacMobilitySticky ? $"MM:{c.MacMobilitySequence}, sticky MAC" : $"MM:{c.MacMobilitySequence}";
        if (c.IsEsiLabel) return $"ESI-label-Rt:{(((v >> 40) & 1) != 0 ? "SA" : "AA")}:{v & 0xFF_FFFF}";
        if (c.IsEsImportRouteTarget) return $"ES-Import-Rt:{new MacAddress(v)}";
        if (c.IsRoutersMac) return $"Rmac:{new MacAddress(v)}";
        if (c.IsDefaultGateway) return "Default Gateway";
        if (c.IsDfElection) return $"DF: (alg: {(v >> 40) & 0x1F}, bmap: 0x{(v >> 24) & 0xFFFF:x4} pref: {v & 0xFFFF})";
        if (c.IsEviRouteTarget && c.SubType != ExtendedCommunity.SubEviRtType3) return "EVI-" + Format(c.EviRouteTargetValue);
        if (c.IsMulticastFlags) return $"MC-Flags:0x{(v >> 32) & 0xFFFF:x4}";
        return $"0x{c.Value:x16}";
    }
}
