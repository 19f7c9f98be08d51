using Akka.Actor;
using ActorFabric.Cluster.Entities;
using ActorFabric.Cluster.Node;
using ActorFabric.Cluster.Relay;
using ActorFabric.Fabric.Runtime.Messages;

namespace ActorFabric.Cluster.Tests;

/// <summary>Every message that crosses cluster nodes goes through its bound serializer and comes back the same.</summary>
public sealed class ClusterMessageSerializationTests : IDisposable
{
    private readonly ClusterNode _node = ClusterNode.Start(new ClusterNodeOptions());

    private ActorSystem System => _node.System;

    public void Dispose() => _node.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private object Sample(Type type)
    {
        var address = Address.Parse("akka.tcp://actorfabric@127.0.0.1:4053");
        var actor = System.DeadLetters;
        var settings = new LaunchSettings(7, true, TimeSpan.FromMilliseconds(5));
        return type.Name switch
        {
            nameof(LoadFabric) => new LoadFabric("launch1", "name: x", "x.yaml", settings, actor, actor),
            nameof(FabricLoaded) => new FabricLoaded("launch1", address, 6),
            nameof(FabricLoadFailed) => new FabricLoadFailed("launch1", address, "x.yaml:1:1: bad"),
            nameof(StartEntities) => new StartEntities("launch1", 1, 3),
            nameof(EntitiesStarted) => new EntitiesStarted("launch1", address, 22),
            nameof(NodeStatusQuery) => NodeStatusQuery.Instance,
            nameof(NodePairTraffic) => new NodePairTraffic("akka.tcp://actorfabric@127.0.0.1:4054", 10, 1000, 2, 0),
            nameof(NodeStatus) => new NodeStatus(address, "quickstart", ["pod1-0"], 4, 1, 2, 1, 1, [new NodePairTraffic("n2", 10, 1000, 2, 0)], "http://127.0.0.1:9464/metrics"),
            nameof(KillNode) => KillNode.Instance,
            _ => throw new Xunit.Sdk.XunitException($"cluster message {type.Name} has no sample here: add one, so its binding and round trip are checked"),
        };
    }

    public static TheoryData<string> ControlMessages()
    {
        var data = new TheoryData<string>();
        foreach (var t in typeof(ClusterNode).Assembly.GetTypes())
            if (typeof(IControlMessage).IsAssignableFrom(t) && !t.IsAbstract) data.Add(t.FullName!);
        return data;
    }

    [Theory]
    [MemberData(nameof(ControlMessages))]
    public void Every_cluster_control_message_round_trips_through_Hyperion(string typeName)
    {
        var message = Sample(typeof(ClusterNode).Assembly.GetType(typeName)!);
        var serializer = System.Serialization.FindSerializerFor(message);
        Assert.Equal("HyperionSerializer", serializer.GetType().Name);
        var bytes = serializer.ToBinary(message);
        var back = System.Serialization.Deserialize(bytes, serializer.Identifier, message.GetType());
        Assert.Equal(message.GetType(), back.GetType());
        Assert.Equal(bytes, serializer.ToBinary(back));
    }

    [Fact]
    public void A_frame_batch_round_trips_in_its_wire_bytes()
    {
        var batch = new FrameBatch(["l:3", "d:leaf1", "h:h1"],
            [new LinkTransmit(1, [1, 2, 3], 9), new FrameIn(4, new byte[1500], 0), new PortStatus(2, true)]);
        var serializer = System.Serialization.FindSerializerFor(batch);
        Assert.IsType<FrameBatchSerializer>(serializer);
        var back = (FrameBatch)System.Serialization.Deserialize(serializer.ToBinary(batch), serializer.Identifier, typeof(FrameBatch));
        Assert.Equal(batch.Entities, back.Entities);
        Assert.Equal(batch.Messages, back.Messages);
    }

    [Fact]
    public void Commands_carrying_an_entity_ref_arrive_with_that_nodes_ref_of_the_same_entity()
    {
        var leaf = FabricEntities.Get(System).Ref("d:leaf2");
        foreach (object message in new object[] { new AttachAccessPort(5, 100, FabricEntities.Get(System).Ref("h:h1")), new LinkReattach(leaf, 5) })
        {
            var serializer = System.Serialization.FindSerializerFor(message);
            Assert.IsType<EntityRefSerializer>(serializer);
            var back = System.Serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, ((EntityRefSerializer)serializer).Manifest(message));
            Assert.Equal(message, back);
        }
    }
}
