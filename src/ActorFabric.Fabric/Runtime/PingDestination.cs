using System.Net;
using System.Net.Sockets;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// A ping's destination is a host's name, a dotted-quad IPv4 address (an anycast gateway, an address behind a border
/// leaf's external router) or an IPv6 address (pinged with ICMPv6 even without --ipv6). Host names win: a name is
/// tried first. The CLI, the control API and scenario files all check destinations here.
/// </summary>
public static class PingDestination
{
    /// <summary>Whether <paramref name="text"/> is a dotted-quad IPv4 address (the topology's strict syntax); its value in host order.</summary>
    public static bool TryParseAddress(string text, out uint address) => AddressSyntax.TryParseIpv4(text, out address);

    /// <summary>Whether <paramref name="text"/> is an IPv6 address (the destination of an ICMPv6 ping without --ipv6).</summary>
    public static bool IsIpv6Address(string text) =>
        text.Contains(':') && IPAddress.TryParse(text, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>Whether <paramref name="text"/> is a ping destination in <paramref name="topology"/>: a host's name or an address.</summary>
    public static bool IsDestination(FabricTopology topology, string text)
    {
        foreach (var h in topology.Hosts) if (h.Name == text) return true;
        return TryParseAddress(text, out _) || IsIpv6Address(text);
    }
}
