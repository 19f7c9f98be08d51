using ActorFabric.Cluster.Persistence;
using ActorFabric.Fabric.Runtime;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.TestKit;
using Akka.TestKit.Xunit2.Internals;
using Xunit.Abstractions;
using Record = ActorFabric.Cluster.Persistence.Record;

namespace ActorFabric.Cluster.Tests.Persistence;

/// <summary>
/// Runs device journals on "nodes": actor systems on the project's Akka defaults with a <see cref="FabricStore"/>
/// laid over them, their log in the test output. A node is shut down like a dying cluster member and a new one
/// recovers from the same database.
/// </summary>
public abstract class JournalTestKit : Akka.TestKit.Xunit2.TestKit
{
    /// <summary>Deadline of anything a database round trip or a recovery decides.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly ITestOutputHelper output;
    private readonly List<ActorSystem> nodes = [];

    protected JournalTestKit(ITestOutputHelper output)
        : base((ActorSystem?)null, output)
    {
        this.output = output;
    }

    protected ActorSystem StartNode(FabricStore store)
        => StartNode(store.ToConfig().WithFallback(FabricActorSystem.Configuration(virtualTime: false, serializeMessages: false)));

    protected ActorSystem StartNode(Config config)
    {
        var node = ActorSystem.Create("node" + (nodes.Count + 1), config);
        nodes.Add(node);
        var logger = node.ActorOf(Props.Create(() => new TestOutputLogger(output)), "test-output-logger");
        logger.Ask<LoggerInitialized>(new InitializeLogger(node.EventStream), Patience).Wait(Patience);
        return node;
    }

    protected void StopNode(ActorSystem node)
    {
        if (!node.WhenTerminated.IsCompleted && !node.Terminate().Wait(Patience))
            throw new TimeoutException($"{node.Name} did not shut down within {Patience.TotalSeconds} s");
    }

    /// <summary>A device entity stand-in with a <see cref="DeviceJournalKeeper"/> child, and the probe seeing what the keeper tells it.</summary>
    protected (IActorRef Entity, TestProbe Probe) StartEntity(ActorSystem node, string entityId, DeviceJournalSettings? settings = null)
    {
        var probe = CreateTestProbe(node);
        var journal = DeviceJournalKeeper.Props(entityId, settings);
        var entity = node.ActorOf(Props.Create(() => new EntityStandIn(journal, probe.Ref)));
        return (entity, probe);
    }

    /// <summary>Starts the entity on a fresh node and returns the memory its journal recovered.</summary>
    protected DeviceMemory Recover(FabricStore store, string entityId, DeviceJournalSettings? settings = null)
    {
        var node = StartNode(store);
        try
        {
            var (_, probe) = StartEntity(node, entityId, settings);
            return probe.ExpectMsg<JournalRecovered>(Patience).Memory;
        }
        finally
        {
            StopNode(node);
        }
    }

    /// <summary>Gives <paramref name="records"/> numbered from <paramref name="firstSeq"/> and expects each acknowledged, in order.</summary>
    protected static void RecordAll(IActorRef entity, TestProbe probe, IReadOnlyList<DeviceRecord> records, long firstSeq = 1)
    {
        for (var i = 0; i < records.Count; i++) entity.Tell(new Record(firstSeq + i, records[i]), probe.Ref);
        for (var i = 0; i < records.Count; i++)
        {
            var seq = firstSeq + i;
            probe.ExpectMsg<Recorded>(r => Assert.Equal(seq, r.Seq), Patience);
        }
    }

    protected override void AfterAll()
    {
        foreach (var node in nodes) StopNode(node);
        base.AfterAll();
    }
}
