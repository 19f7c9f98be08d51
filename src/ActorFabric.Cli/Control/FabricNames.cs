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
        if (near.Count > 0) return $"unknown {what} '{Clip(name)}'; did you mean {string.Join(", ", near.Select(n => $"'{n}'"))}?";
        var some = all.Take(6).ToList();
        return $"unknown {what} '{Clip(name)}'; {what}s include {string.Join(", ", some)}{(all.Skip(6).Any() ? ", …" : "")}";
    }

    /// <summary>Names are echoed in errors; anything longer than a name is cut (a request may carry megabytes).</summary>
    public static string Clip(string name) => name.Length <= MaxEchoed ? name : name[..(MaxEchoed - 3)] + "...";

    public const int MaxEchoed = 64;

    /// <summary>Null when <paramref name="device"/> carries <paramref name="vni"/> (or is unknown: reported elsewhere), else the problem.</summary>
    public static string? VniProblem(FabricTopology topology, string device, uint vni)
    {
        if (!topology.TryGetNode(device, out var node)) return null;
        if (vni is 0 or > 0xFF_FFFF) return $"bad VNI {vni} (1..16777215)";
        if (topology.TryGetBroadcastDomain(vni, out var domain))
            foreach (var d in node.BroadcastDomains)
                if (d == domain.Index) return null;
        var carried = node.BroadcastDomains.Select(d => topology.BroadcastDomains[d].Vni.ToString(System.Globalization.CultureInfo.InvariantCulture)).Take(8).ToList();
        return $"VNI {vni} is not configured on {device}" + (carried.Count == 0 ? $" ({device} carries no VNI)" : $" (it carries {string.Join(", ", carried)}{(node.BroadcastDomains.Count > 8 ? ", …" : "")})");
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
