namespace ActorFabric.Cli.Control;

/// <summary>A device or host name the topology lacks, with the user-facing message of <see cref="FabricNames"/> (near matches, or some names that exist).</summary>
public sealed class UnknownNameException(string kind, string name, string message, IReadOnlyList<string> suggestions) : ArgumentException(message)
{
    public string Kind { get; } = kind;

    public string Name { get; } = FabricNames.Clip(name);

    public IReadOnlyList<string> Suggestions { get; } = suggestions;

    public static UnknownNameException Device(Fabric.Topology.FabricTopology topology, string name) =>
        new("device", name, FabricNames.UnknownDevice(topology, name), FabricNames.NearDevices(topology, name));

    public static UnknownNameException Host(Fabric.Topology.FabricTopology topology, string name) =>
        new("host", name, FabricNames.UnknownHost(topology, name), FabricNames.NearHosts(topology, name));
}
