using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster.Sharding;
using ActorFabric.Cluster.Node;
using ActorFabric.Cluster.Placement;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Cli.Bench;

/// <summary>What <see cref="RemoteFrameBenchmark"/> measured.</summary>
internal sealed record RemoteFrameFigures(
    long Frames, double Seconds, long Bytes, long Batches, long BatchedFrames,
    long UnbatchedFrames, double UnbatchedSeconds, long UnbatchedBytes,
    int MinFrameBytes, int MaxFrameBytes, double SenderCpuSeconds, double ReceiverCpuSeconds, double SenderGcPauseSeconds, double ReceiverGcPauseSeconds)
{
    public double FramesPerSecond => Frames / Seconds;
    public double BytesPerSecond => Bytes / Seconds;
    public double UnbatchedPerSecond => UnbatchedFrames / UnbatchedSeconds;
    public double UnbatchedBytesPerSecond => UnbatchedBytes / UnbatchedSeconds;
    public double FramesPerBatch => Batches == 0 ? 0 : BatchedFrames / (double)Batches;
    public double Speedup => FramesPerSecond / UnbatchedPerSecond;
}

/// <summary>
/// Fabric frames across a process boundary, two ways in one run. This process is a cluster node whose frames for
/// entities go, as a device's would, through entity refs to the node's relay (FrameRelay at /user/relay); every shard
/// of the (quickstart) fabric is homed on the other process, a <see cref="FrameSinkNode"/>, so each frame leaves in a
/// FrameBatch and that node's relay hands it to its sink. Then the same frames again, each as its own
/// Akka.Remote message (the <see cref="ShardingEnvelope"/> a shard region would forward) straight to the sink.
/// Frames are 100–1,500 random bytes; a bounded window of unacknowledged frames keeps memory flat; time runs from
/// the first frame sent to the sink's acknowledgement of the last.
/// </summary>
internal static class RemoteFrameBenchmark
{
    public const int MinFrameBytes = 100;
    public const int MaxFrameBytes = 1500;
    private const int PoolSize = 4096;
    private const int BatchedWindow = 64 * 1024;
    private const int BatchedAckEvery = 4096;
    private const int UnbatchedWindow = 8 * 1024;
    private const int UnbatchedAckEvery = 512;
    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(30);

    public static async Task<RemoteFrameFigures> RunAsync(FabricTopology topology, string topologyText, long frames, long unbatchedFrames, Action<string> progress, CancellationToken ct)
    {
        int port = BenchChildProcess.FreePort();
        using var sinkProcess = BenchChildProcess.Start("frame sink", "bench", "cluster", "--serve-sink", $"127.0.0.1:{port}");
        await sinkProcess.WaitForOutputAsync(FrameSinkNode.UpMarker, TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
        progress($"frame sink up (pid {sinkProcess.Pid}, 127.0.0.1:{port})");

        var system = ActorSystem.Create(ClusterNode.SystemName, FrameSink.NodeConfig(new ClusterNodeOptions
        {
            Seeds = [$"127.0.0.1:{port}"],
            Roles = [ClusterNode.FabricRole],
        }));
        try
        {
            var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
            await up.Task.WaitAsync(TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
            var far = Akka.Cluster.Cluster.Get(system).State.Members.Select(m => m.Address).Single(a => a.Port == port);
            var farSink = ((ExtendedActorSystem)system).Provider.ResolveActorRef(new RootActorPath(far) / "user" / "sink");

            // The node's fabric (for the placement the relay reads) and a region stand-in that places every shard on the sink node.
            RelayInternals.LoadFabric(system, topology, topologyText);
            var placement = FabricPlacement.Build(topology);
            var located = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var region = system.ActorOf(Props.Create(() => new FarShardsRegion(placement, far, farSink, located)), "bench-region");
            var relay = system.ActorOf(RelayInternals.FrameRelay(region, true), "relay");
            RelayInternals.UseRelay(system, relay);
            await located.Task.WaitAsync(TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);

            var pool = FramePool.Build(system, topology, placement);
            var unbatchedSerializer = system.Serialization.FindSerializerFor(new ShardingEnvelope(pool.Entries[0].EntityId, pool.Entries[0].Message));
            progress($"unbatched frames travel as ShardingEnvelope, serializer {unbatchedSerializer.GetType().Name}");
            var window = new FlightWindow();
            var acks = system.ActorOf(Props.Create(() => new SinkAckReceiver(window)), "bench-acks");

            // Both paths once, short, for the JIT and the connection; then the measured runs.
            long warm = Math.Clamp(frames / 10, 10_000, 200_000);
            progress($"warm-up: {warm:N0} frames batched, {warm / 4:N0} unbatched");
            await RunPhaseAsync(pool, warm, BatchedWindow, BatchedAckEvery, farSink, acks, window, e => e.Ref.Tell(e.Message, ActorRefs.NoSender), ct).ConfigureAwait(false);
            await RunPhaseAsync(pool, warm / 4, UnbatchedWindow, UnbatchedAckEvery, farSink, acks, window, e => farSink.Tell(new ShardingEnvelope(e.EntityId, e.Message), ActorRefs.NoSender), ct).ConfigureAwait(false);

            progress($"batched: {frames:N0} frames through the relays");
            var before = await RelayInternals.SentAsync(relay, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            var senderCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var senderPause = GC.GetTotalPauseDuration();
            var receiverCpu = sinkProcess.CpuTime;
            var (batchedTime, batchedBytes) = await RunPhaseAsync(pool, frames, BatchedWindow, BatchedAckEvery, farSink, acks, window,
                e => e.Ref.Tell(e.Message, ActorRefs.NoSender), ct).ConfigureAwait(false);
            senderCpu = Process.GetCurrentProcess().TotalProcessorTime - senderCpu;
            senderPause = GC.GetTotalPauseDuration() - senderPause;
            var receiverPause = window.SinkPauseAtAck - window.SinkPauseAtReady;
            receiverCpu = sinkProcess.CpuTime - receiverCpu;
            var after = await RelayInternals.SentAsync(relay, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            long sentFrames = after.Frames - before.Frames, sentBatches = after.Batches - before.Batches;

            progress($"unbatched: {unbatchedFrames:N0} frames, one Akka.Remote message each");
            var (unbatchedTime, unbatchedBytes) = await RunPhaseAsync(pool, unbatchedFrames, UnbatchedWindow, UnbatchedAckEvery, farSink, acks, window,
                e => farSink.Tell(new ShardingEnvelope(e.EntityId, e.Message), ActorRefs.NoSender), ct).ConfigureAwait(false);

            return new RemoteFrameFigures(frames, batchedTime.TotalSeconds, batchedBytes, sentBatches, sentFrames,
                unbatchedFrames, unbatchedTime.TotalSeconds, unbatchedBytes, pool.MinBytes, pool.MaxBytes,
                senderCpu.TotalSeconds, receiverCpu.TotalSeconds, senderPause.TotalSeconds, receiverPause.TotalSeconds);
        }
        finally
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    /// <summary>Sends <paramref name="count"/> frames of the pool (round robin) with at most <paramref name="limit"/> unacknowledged; returns the time to the last ack and the frame bytes sent.</summary>
    private static async Task<(TimeSpan Elapsed, long Bytes)> RunPhaseAsync(FramePool pool, long count, int limit, int ackEvery, IActorRef farSink, IActorRef acks,
        FlightWindow window, Action<FramePool.Entry> send, CancellationToken ct)
    {
        window.Reset();
        acks.Tell(new BeginPhase(farSink, new SinkPhase(count, ackEvery)));
        await window.Ready.Task.WaitAsync(TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        return await Task.Factory.StartNew(() =>
        {
            long bytes = 0;
            var clock = Stopwatch.StartNew();
            for (long i = 0; i < count; i++)
            {
                if (i - window.Acked >= limit) window.WaitBelow(i - limit, StallLimit, ct);
                var e = pool.Entries[(int)(i % PoolSize)];
                send(e);
                bytes += e.Bytes;
            }
            window.WaitBelow(count - 1, StallLimit, ct);
            return (clock.Elapsed, bytes);
        }, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
    }

    /// <summary>Frames to send over and over: random entity of the fabric, random length and bytes; a frame for a link is a link transmit, else a frame in.</summary>
    private sealed class FramePool
    {
        public sealed record Entry(string EntityId, IActorRef Ref, object Message, int Bytes);

        public required Entry[] Entries { get; init; }
        public int MinBytes => Entries.Min(e => e.Bytes);
        public int MaxBytes => Entries.Max(e => e.Bytes);

        public static FramePool Build(ActorSystem system, FabricTopology topology, FabricPlacement placement)
        {
            var ids = placement.Shards.SelectMany(s => s.Devices.Select(d => FabricEntityId.Device(topology.Nodes[d]))
                .Concat(s.Links.Select(FabricEntityId.Link))
                .Concat(s.Hosts.Select(h => FabricEntityId.Host(topology.Hosts[h])))).ToArray();
            var random = new Random(1);
            var entries = new Entry[PoolSize];
            for (int i = 0; i < PoolSize; i++)
            {
                var id = ids[random.Next(ids.Length)];
                int length = random.Next(MinFrameBytes, MaxFrameBytes + 1);
                // The message is made by the fabric's wire serializer from its bytes: port (or side), trace id, frame.
                var wire = new byte[8 + length];
                bool link = id.StartsWith("l:", StringComparison.Ordinal);
                BinaryPrimitives.WriteInt32BigEndian(wire, link ? random.Next(2) : 1 + random.Next(4));
                random.NextBytes(wire.AsSpan(8));
                var message = system.Serialization.Deserialize(wire, 4789, link ? "T" : "F");
                entries[i] = new Entry(id, RelayInternals.EntityRef(system, id), message, length);
            }
            return new FramePool { Entries = entries };
        }
    }

    /// <summary>Frames acknowledged by the sink in the current phase, and the sending thread's wait for room in the window.</summary>
    private sealed class FlightWindow
    {
        private readonly ManualResetEventSlim _moved = new(false);
        private long _acked;

        public TaskCompletionSource Ready { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Frames acknowledged so far (the index of the next one to be).</summary>
        public long Acked => Volatile.Read(ref _acked);

        public void Reset()
        {
            Volatile.Write(ref _acked, 0);
            Ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        /// <summary>The sink's GC pause total when the phase started and at the latest ack.</summary>
        public TimeSpan SinkPauseAtReady, SinkPauseAtAck;

        public void Ack(long received, TimeSpan sinkPause)
        {
            SinkPauseAtAck = sinkPause;
            Volatile.Write(ref _acked, received);
            _moved.Set();
        }

        /// <summary>Blocks until frame <paramref name="index"/> is acknowledged; fails when nothing moves for <paramref name="stall"/>.</summary>
        public void WaitBelow(long index, TimeSpan stall, CancellationToken ct)
        {
            long seen = Acked;
            var quiet = Stopwatch.StartNew();
            while (Acked <= index)
            {
                _moved.Reset();
                if (Acked > index) break;
                _moved.Wait(TimeSpan.FromMilliseconds(100), ct);
                if (Acked != seen)
                {
                    seen = Acked;
                    quiet.Restart();
                }
                else if (quiet.Elapsed > stall)
                    throw new TimeoutException($"the frame sink acknowledged nothing for {stall.TotalSeconds:0} s ({seen:N0} frames acknowledged, waiting for frame {index:N0})");
            }
        }
    }

    private sealed record BeginPhase(IActorRef Sink, SinkPhase Phase);

    /// <summary>Starts a phase at the sink (as the sender its acks go to) and records the acks.</summary>
    private sealed class SinkAckReceiver(FlightWindow window) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case BeginPhase b:
                    b.Sink.Tell(b.Phase, Self);
                    break;
                case SinkReady r:
                    window.SinkPauseAtReady = window.SinkPauseAtAck = r.GcPause;
                    window.Ready.TrySetResult();
                    break;
                case SinkAck a:
                    window.Ack(a.Received, a.GcPause);
                    break;
                default:
                    Unhandled(message);
                    break;
            }
        }
    }

    /// <summary>
    /// The sending node's shard region, stood in: every shard of the fabric is on the sink node (so the relay batches
    /// every frame towards it); a frame the relay could not place yet goes to the sink unbatched, as a region would.
    /// </summary>
    private sealed class FarShardsRegion(FabricPlacement placement, Address far, IActorRef farSink, TaskCompletionSource located) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case GetClusterShardingStats:
                    var shards = placement.Shards.ToImmutableDictionary(s => s.Id, s => s.Devices.Length + s.Links.Length + s.Hosts.Length);
                    Sender.Tell(new ClusterShardingStats(ImmutableDictionary<Address, ShardRegionStats>.Empty.Add(far, new ShardRegionStats(shards, ImmutableHashSet<string>.Empty))));
                    located.TrySetResult();
                    break;
                case ShardingEnvelope e:
                    farSink.Forward(e);
                    break;
                default:
                    Unhandled(message);
                    break;
            }
        }
    }
}
