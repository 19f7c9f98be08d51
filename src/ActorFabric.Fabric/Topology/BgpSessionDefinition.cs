namespace ActorFabric.Fabric.Topology;

/// <summary>How two speakers of the fabric peer.</summary>
public enum BgpSessionKind
{
    /// <summary><see cref="BgpSessionDefinition.Local"/> is a route-reflector client of <see cref="BgpSessionDefinition.Remote"/> (RFC 4456).</summary>
    ClientToReflector,

    /// <summary>Route reflectors peer with each other as ordinary iBGP peers.</summary>
    ReflectorMesh,

    /// <summary>No route reflector in the fabric: every VTEP peers with every other.</summary>
    FullMesh,
}

/// <summary>One iBGP EVPN session between two nodes (indices into <see cref="FabricTopology.Nodes"/>), loopback to loopback.</summary>
public readonly record struct BgpSessionDefinition(int Local, int Remote, BgpSessionKind Kind);
