using ActorFabric.Cluster.Persistence;
using ActorFabric.Fabric.Runtime;
using Akka.Configuration;
using Xunit.Abstractions;
using Record = ActorFabric.Cluster.Persistence.Record;

namespace ActorFabric.Cluster.Tests.Persistence;

public sealed class DeviceJournalKeeperTests(ITestOutputHelper output) : JournalTestKit(output)
{
    [Fact]
    public void A_journal_that_cannot_start_fails_the_device_for_good_instead_of_restarting()
    {
        // A journal plugin named in an override file that does not exist: the journal throws as it starts, and would
        // again after any restart.
        var node = StartNode(ConfigurationFactory.ParseString("akka.persistence.journal.plugin = akka.persistence.journal.nosuch")
            .WithFallback(FabricStore.Parse("sqlite:unused.db").ToConfig())
            .WithFallback(FabricActorSystem.Configuration(virtualTime: false, serializeMessages: false)));
        var (entity, probe) = StartEntity(node, "d:leaf1");

        var failed = probe.ExpectMsg<JournalFailed>(Patience);
        Assert.StartsWith("device 'd:leaf1': its journal failed", failed.Reason);
        Assert.Contains("akka.persistence.journal.nosuch", failed.Reason);
        entity.Tell(new Record(1, new HostLocated("leaf1", 1)), probe.Ref);
        Assert.Equal(failed, probe.ExpectMsg<JournalFailed>(Patience));
    }
}
