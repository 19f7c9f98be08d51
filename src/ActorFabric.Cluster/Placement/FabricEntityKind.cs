namespace ActorFabric.Cluster.Placement;

/// <summary>What a sharded entity of an emulated fabric stands for (the prefix of its <see cref="FabricEntityId"/>).</summary>
public enum FabricEntityKind
{
    Device,
    Link,
    Host,
}
