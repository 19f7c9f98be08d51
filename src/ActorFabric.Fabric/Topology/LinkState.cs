namespace ActorFabric.Fabric.Topology;

/// <summary>Administrative state of a link when the fabric starts; chaos can change it later.</summary>
public enum LinkState
{
    Up,
    Down,
}
