using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cli.Control;

/// <summary>
/// Resolves the device and host names users type, with the error the issue asks for: the unknown name,
/// then near matches (or, when none is close, a few of the names that exist).
/// </summary>
public static class FabricNames
{
    public static bool IsDevice(FabricTopology topology, string name) => topology.TryGetNode(name, out _);

    public static bool IsHost(FabricTopology topology, string name)
    {
        foreach (var h in topology.Hosts) if (h.Name == name) return true;
        return false;
    }

    public static string UnknownDevice(FabricTopology topology, string name) =>
        Unknown("device", name, DeviceNames(topology));

    public static string UnknownHost(FabricTopology topology, string name) =>
        Unknown("host", name, HostNames(topology));

    public static List<string> NearDevices(FabricTopology topology, string name) => NameSuggestions.Near(name, DeviceNames(topology));

    public static List<string> NearHosts(FabricTopology topology, string name) => NameSuggestions.Near(name, HostNames(topology));

    private static string Unknown(string what, string name, IEnumerable<string> all)
    {
        var near = NameSuggestions.Near(name, all);
        if (near.Count > 0) return $"unknown {what} '{name}'; did you mean {string.Join(", ", near.Select(n => $"'{n}'"))}?";
        var some = all.Take(6).ToList();
        return $"unknown {what} '{name}'; {what}s include {string.Join(", ", some)}{(all.Skip(6).Any() ? ", …" : "")}";
    }

    private static IEnumerable<string> DeviceNames(FabricTopology topology)
    {
        foreach (var n in topology.Nodes) yield return n.Name;
    }

    private static IEnumerable<string> HostNames(FabricTopology topology)
    {
        foreach (var h in topology.Hosts) yield return h.Name;
    }
}
