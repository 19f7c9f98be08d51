using Akka.Actor;

namespace ActorFabric.Cluster.Tests.Placement;

/// <summary>
/// A stand-in for a shard region on another cluster member: only its path (and so its address) matters to an
/// allocation strategy, which never sends to it.
/// </summary>
internal sealed class FakeRegion(Address address) : MinimalActorRef
{
    public override ActorPath Path { get; } = new RootActorPath(address) / "system" / "sharding" / "device";

    public override IActorRefProvider Provider => throw new NotSupportedException("a fake region has no provider");

    public static FakeRegion On(string host) => new(new Address("akka.tcp", "fabric", host, 4053));
}
