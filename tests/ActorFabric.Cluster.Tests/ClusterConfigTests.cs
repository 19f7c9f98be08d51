using ActorFabric.Cluster;

namespace ActorFabric.Cluster.Tests;

public class ClusterConfigTests
{
    [Fact]
    public void The_cluster_defaults_ship_inside_the_assembly() => Assert.Equal("cluster", ClusterConfig.Parsed.GetString("akka.actor.provider"));
}
