namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// A ping's destination is a host's name or a dotted-quad IPv4 address (an anycast gateway, an address behind a border
/// leaf's external router). Host names win: a name is tried first.
/// </summary>
public static class PingDestination
{
    /// <summary>Whether <paramref name="text"/> is a dotted-quad IPv4 address (the topology's strict syntax); its value in host order.</summary>
    public static bool TryParseAddress(string text, out uint address) => Topology.AddressSyntax.TryParseIpv4(text, out address);
}
