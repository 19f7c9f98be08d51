using System.Globalization;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cluster.Placement;

/// <summary>
/// Entity ids of an emulated fabric in Akka.Cluster.Sharding: <c>d:NAME</c> for a device, <c>l:INDEX</c> for a
/// fabric link, <c>h:NAME</c> for a host. Ids are compared as strings, so each entity has exactly one spelling
/// (a link index has no sign and no leading zeros).
/// </summary>
public static class FabricEntityId
{
    public const string DevicePrefix = "d:";
    public const string LinkPrefix = "l:";
    public const string HostPrefix = "h:";

    public static string Device(string name) => DevicePrefix + name;

    public static string Device(FabricNode node) => Device(node.Name);

    public static string Link(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return LinkPrefix + index.ToString(CultureInfo.InvariantCulture);
    }

    public static string Link(FabricLink link) => Link(link.Index);

    public static string Host(string name) => HostPrefix + name;

    public static string Host(FabricHost host) => Host(host.Name);

    /// <summary>
    /// Splits an id into its kind and key (the name, or the link index as written). False for an unknown prefix,
    /// an empty key, or a link index that is not the canonical spelling of a non-negative int.
    /// </summary>
    public static bool TryParse(string entityId, out FabricEntityKind kind, out string key)
    {
        ArgumentNullException.ThrowIfNull(entityId);
        key = "";
        kind = default;
        if (entityId.Length < 3 || entityId[1] != ':') return false;
        switch (entityId[0])
        {
            case 'd': kind = FabricEntityKind.Device; break;
            case 'l': kind = FabricEntityKind.Link; break;
            case 'h': kind = FabricEntityKind.Host; break;
            default: return false;
        }
        key = entityId[2..];
        if (kind != FabricEntityKind.Link) return true;
        // "l:07" and "l:7" would be two entities of one link: only the spelling Link(int) produces is valid.
        return int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            && string.Equals(index.ToString(CultureInfo.InvariantCulture), key, StringComparison.Ordinal);
    }
}
