using System.Net;
using System.Net.Sockets;

namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// A ping's destination is a host's name or a dotted-quad IPv4 address (an anycast gateway, an address behind a border
/// leaf's external router). Host names win: a name is tried first.
/// </summary>
public static class PingDestination
{
    /// <summary>Whether <paramref name="text"/> is a dotted-quad IPv4 address (four decimal parts, as ping(8) takes it); its value in host order.</summary>
    public static bool TryParseAddress(string text, out uint address)
    {
        address = 0;
        if (string.IsNullOrEmpty(text) || text.Count(c => c == '.') != 3 || !IPAddress.TryParse(text, out var ip) || ip.AddressFamily != AddressFamily.InterNetwork)
            return false;
        address = Devices.FabricAddressing.ToUInt(ip);
        return true;
    }
}
