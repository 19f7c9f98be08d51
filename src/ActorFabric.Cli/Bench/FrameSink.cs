using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using ActorFabric.Cluster.Node;

namespace ActorFabric.Cli.Bench;

/// <summary>The frame sink's protocol (Hyperion-serialized: a few messages per phase).</summary>
internal interface IFrameSinkMessage
{
}

/// <summary>Count the next <paramref name="Expected"/> frames from zero and acknowledge every <paramref name="AckEvery"/> to the sender.</summary>
internal sealed record SinkPhase(long Expected, int AckEvery) : IFrameSinkMessage;

/// <summary>The phase is set; <paramref name="GcPause"/> is the sink process's total GC pause so far.</summary>
internal sealed record SinkReady(long Expected, TimeSpan GcPause) : IFrameSinkMessage;

/// <summary>Frames received so far in the phase (and the sink process's total GC pause so far).</summary>
internal sealed record SinkAck(long Received, TimeSpan GcPause) : IFrameSinkMessage;

/// <summary>
/// The far end of <c>bench cluster</c>'s remote-frame measurement, at /user/sink of the sink node: where that node's
/// relay hands each frame of a batch (in place of the shard region: the frames stop here instead of at a device) and
/// where unbatched frames arrive one Akka.Remote message each. Both come as <see cref="ShardingEnvelope"/>s; it
/// counts them and acknowledges, so the sender can keep a bounded window of frames in flight.
/// </summary>
internal sealed class FrameSink : UntypedActor
{
    /// <summary>Binds the protocol to Hyperion (laid over the cluster configuration of both ends).</summary>
    private static readonly Config Serialization = ConfigurationFactory.ParseString("""
        akka.actor.serialization-bindings {
          "ActorFabric.Cli.Bench.IFrameSinkMessage, actorfabric" = hyperion
        }
        """);

    /// <summary>
    /// The configuration of both benchmark nodes: a fabric node's (cluster.conf, akka.conf), this protocol, and
    /// sharding's defaults under all (its serializer carries an unbatched frame's envelope as it would between regions).
    /// </summary>
    public static Config NodeConfig(ClusterNodeOptions options) =>
        ClusterNode.Configuration(options with { Extra = Serialization }).WithFallback(ClusterSharding.DefaultConfig());

    private IActorRef _ackTo = ActorRefs.Nobody;
    private long _expected, _received;
    private int _ackEvery = 1;

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ShardingEnvelope:
                _received++;
                if (_received % _ackEvery == 0 || _received == _expected) _ackTo.Tell(new SinkAck(_received, GC.GetTotalPauseDuration()));
                break;
            case SinkPhase p:
                _ackTo = Sender;
                _expected = p.Expected;
                _ackEvery = Math.Max(1, p.AckEvery);
                _received = 0;
                Sender.Tell(new SinkReady(p.Expected, GC.GetTotalPauseDuration()));
                break;
            default:
                Unhandled(message);
                break;
        }
    }
}
