namespace ActorFabric.Fabric.Topology;

/// <summary>
/// The Assisted Replication role of a VTEP (RFC 9574 §3; the seed document's "AR device roles"). It is also the
/// role advertised in the T field of the PMSI tunnel attribute of the device's IR type-3 route (RFC 9574 §4).
/// </summary>
public enum ArRole
{
    /// <summary>A regular NVE (RNVE): ingress replication only; AR routes are ignored.</summary>
    None,

    /// <summary>Sends one copy of a BUM frame to one replicator over the AR tunnel.</summary>
    Leaf,

    /// <summary>Replicates what arrives on its AR IP to every other VTEP over the IR tunnels.</summary>
    Replicator,
}

/// <summary>The spelling of AR roles in topology files (<c>none</c>, <c>leaf</c>, <c>replicator</c>).</summary>
public static class ArRoleNames
{
    public static readonly string[] All = ["none", "leaf", "replicator"];

    public static string ToName(this ArRole role) => All[(int)role];

    public static bool TryParse(string text, out ArRole role)
    {
        int i = Array.IndexOf(All, text);
        role = i < 0 ? default : (ArRole)i;
        return i >= 0;
    }
}
