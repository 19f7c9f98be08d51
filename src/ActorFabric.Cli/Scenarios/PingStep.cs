using ActorFabric.Fabric.Runtime;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cli.Scenarios;

/// <summary>
/// The rules of a scenario's <c>ping</c> step beyond its names, checked when the file is read: the same as the CLI's
/// <c>actorfabric ping</c> and the control API, so an IPv6 ping that cannot run is reported at its line rather than
/// as a failed step minutes into the run.
/// </summary>
public static class PingStep
{
    /// <summary>Why the ping from <paramref name="source"/> to <paramref name="destination"/> cannot run, or null.</summary>
    public static string? Problem(FabricTopology topology, string source, string destination, bool ipv6)
    {
        var destinationHost = Host(topology, destination);
        bool toIpv6Address = destinationHost is null && PingDestination.IsIpv6Address(destination);
        if (!ipv6 && !toIpv6Address) return null;
        if (ipv6 && destinationHost is null && PingDestination.TryParseAddress(destination, out _))
            return $"'{destination}' is an IPv4 address: drop --ipv6, or ping an IPv6 address or a host";
        // An ICMPv6 echo leaves from the source's IPv6 address and, to a host, goes to that host's (hosts get one in a
        // VLAN whose mac-vrf has a gateway6).
        if (Host(topology, source) is { } from && !from.HasIpv6) return NoIpv6(from);
        if (destinationHost is { } to && !to.HasIpv6) return NoIpv6(to);
        return null;
    }

    private static string NoIpv6(FabricHost host) =>
        $"host '{host.Name}' has no IPv6 address: its VLAN {host.Vlan} has no 'gateway6'";

    private static FabricHost? Host(FabricTopology topology, string name)
    {
        foreach (var h in topology.Hosts) if (h.Name == name) return h;
        return null;
    }
}
