namespace ActorFabric.Fabric.Topology;

/// <summary>What a device is in the fabric. Hosts never appear in <see cref="FabricTopology.Nodes"/>;
/// the value exists so importers (containerlab) can classify a lab node before it becomes a host.</summary>
public enum NodeRole
{
    Spine,
    Leaf,
    BorderLeaf,
    RouteReflector,
    Host,
}

/// <summary>The spelling of roles in topology files (<c>spine</c>, <c>leaf</c>, <c>border-leaf</c>, <c>route-reflector</c>, <c>host</c>).</summary>
public static class NodeRoleNames
{
    public static readonly string[] All = ["spine", "leaf", "border-leaf", "route-reflector", "host"];

    public static string ToName(this NodeRole role) => All[(int)role];

    public static bool TryParse(string text, out NodeRole role)
    {
        switch (text)
        {
            case "spine": role = NodeRole.Spine; return true;
            case "leaf": role = NodeRole.Leaf; return true;
            case "border-leaf": role = NodeRole.BorderLeaf; return true;
            case "route-reflector" or "rr": role = NodeRole.RouteReflector; return true;
            case "host": role = NodeRole.Host; return true;
            default: role = default; return false;
        }
    }

    /// <summary>Leaves and border leaves terminate VXLAN tunnels and host MAC-VRFs.</summary>
    public static bool IsVtep(this NodeRole role) => role is NodeRole.Leaf or NodeRole.BorderLeaf;
}
