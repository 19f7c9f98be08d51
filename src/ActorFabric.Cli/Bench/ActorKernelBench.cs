using System.Diagnostics;
using System.Threading.Channels;
using Akka.Actor;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Simulation;

namespace ActorFabric.Cli.Bench;

/// <summary>Figures of one <c>bench actors</c> run.</summary>
public sealed record ActorKernelFigures(
    double TellMsgsPerSecond,
    double ChannelMsgsPerSecond,
    double PingPongRttMicroseconds,
    double BytesPerIdleActor,
    double Spawn1MSeconds,
    double VirtualEventsPerSecond,
    int Pairs);

/// <summary>
/// The quick actor benchmark behind <c>actorfabric bench actors</c> (about a minute): Akka.NET on the fabric's
/// dispatcher — one-way tell throughput across 2×cores sender/receiver pairs and the same workload on bare
/// <see cref="Channel"/>s in the same run, ping-pong round trip, idle-actor footprint, spawn time (measured on
/// 200,000 actors, scaled to a million) — and the simulation driver's virtual-time delivery rate.
/// </summary>
public static class ActorKernelBench
{
    private static readonly object Payload = new();

    public static ActorKernelFigures Run(Action<string>? progress = null)
    {
        var pairs = 2 * Environment.ProcessorCount;
        progress?.Invoke("tell throughput and channel baseline");
        Tell(pairs, 200_000); // warm-up: JIT and thread pool
        Channels(pairs, 200_000);
        // Interleaved runs, median of each: load from other processes hits both alike.
        var tells = new double[5];
        var channels = new double[5];
        for (var i = 0; i < tells.Length; i++)
        {
            tells[i] = Tell(pairs, 3_000_000);
            channels[i] = Channels(pairs, 3_000_000);
        }
        var tell = Median(tells);
        var channel = Median(channels);
        progress?.Invoke("ping-pong");
        PingPong(20_000);
        var rtt = PingPong(200_000);
        progress?.Invoke("spawn 200,000 actors");
        var (spawn, bytes) = Spawn(200_000);
        spawn *= 5; // reported per million, as before the move to Akka
        progress?.Invoke("virtual time");
        VirtualEvents(200_000);
        var virtualRate = Best(3, () => VirtualEvents(5_000_000));
        return new ActorKernelFigures(tell, channel, rtt, bytes, spawn, virtualRate, pairs);
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
    }

    private static double Best(int runs, Func<double> measure)
    {
        var best = 0.0;
        for (var i = 0; i < runs; i++) best = Math.Max(best, measure());
        return best;
    }

    // ---- one-way tell ----
    //
    // Both variants run the same protocol: the sender sends slices of Slice messages and keeps at
    // most Window slices unacknowledged; the receiver acknowledges each slice it has consumed. This
    // bounds every queue (so the figure measures messaging, not a growing backlog) in both.

    private const int Slice = 1000;
    private const int Window = 8;

    private sealed class SliceAck
    {
        public static readonly SliceAck Instance = new();
    }

    private sealed class Receiver : ReceiveActor
    {
        private long _count;

        public Receiver(long expected, CountdownEvent done)
        {
            ReceiveAny(_ =>
            {
                var count = ++_count;
                if (count % Slice == 0) Sender.Tell(SliceAck.Instance, Self);
                if (count == expected) done.Signal();
            });
        }
    }

    private sealed class Sender : ReceiveActor
    {
        private readonly IActorRef _target;
        private readonly long _total;
        private long _sent;

        public Sender(IActorRef target, long total)
        {
            _target = target;
            _total = total;
            Receive<string>(_ =>
            {
                for (var i = 0; i < Window; i++) SendSlice();
            });
            Receive<SliceAck>(_ => SendSlice());
        }

        private void SendSlice()
        {
            var self = Self;
            var end = Math.Min(_total, _sent + Slice);
            for (var i = _sent; i < end; i++) _target.Tell(Payload, self);
            _sent = end;
        }
    }

    /// <summary>Messages per second across <paramref name="pairs"/> pairs, <paramref name="perPair"/> each.</summary>
    public static double Tell(int pairs, long perPair)
    {
        var system = RealTime("bench-tell");
        using var done = new CountdownEvent(pairs);
        var senders = new IActorRef[pairs];
        for (var p = 0; p < pairs; p++)
        {
            var receiver = system.ActorOf(OnFabricDispatcher(Props.Create(() => new Receiver(perPair, done))));
            senders[p] = system.ActorOf(OnFabricDispatcher(Props.Create(() => new Sender(receiver, perPair))));
        }
        var start = Stopwatch.GetTimestamp();
        foreach (var sender in senders) sender.Tell("go");
        done.Wait();
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        system.Terminate().Wait();
        return pairs * perPair / seconds;
    }

    /// <summary>The same workload on unbounded single-reader/single-writer channels, with the same slice window.</summary>
    public static double Channels(int pairs, long perPair)
    {
        var tasks = new Task[pairs * 2];
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (var p = 0; p < pairs; p++)
        {
            var channel = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
            var credits = new SemaphoreSlim(Window);
            tasks[2 * p] = Task.Run(async () =>
            {
                await gate.Task;
                var writer = channel.Writer;
                for (long sent = 0; sent < perPair;)
                {
                    await credits.WaitAsync();
                    var end = Math.Min(perPair, sent + Slice);
                    for (; sent < end; sent++) writer.TryWrite(Payload);
                }
            });
            tasks[2 * p + 1] = Task.Run(async () =>
            {
                var reader = channel.Reader;
                long count = 0;
                while (count < perPair && await reader.WaitToReadAsync())
                {
                    while (reader.TryRead(out _))
                    {
                        if (++count % Slice == 0) credits.Release();
                    }
                }
            });
        }
        var start = Stopwatch.GetTimestamp();
        gate.SetResult();
        Task.WaitAll(tasks);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return pairs * perPair / seconds;
    }

    // ---- ping-pong ----

    private sealed class Ponger : ReceiveActor
    {
        public Ponger() => ReceiveAny(m => Sender.Tell(m, Self));
    }

    private sealed class Pinger : ReceiveActor
    {
        private readonly long[] _samples;
        private int _index;
        private long _sentAt;

        public Pinger(IActorRef ponger, long[] samples, ManualResetEventSlim done)
        {
            _samples = samples;
            Receive<string>(_ =>
            {
                _sentAt = Stopwatch.GetTimestamp();
                ponger.Tell(Payload, Self);
            });
            ReceiveAny(_ =>
            {
                var now = Stopwatch.GetTimestamp();
                _samples[_index++] = now - _sentAt;
                if (_index == _samples.Length)
                {
                    done.Set();
                    return;
                }
                _sentAt = Stopwatch.GetTimestamp();
                ponger.Tell(Payload, Self);
            });
        }
    }

    /// <summary>Median round trip in microseconds over <paramref name="roundTrips"/> sequential ping-pongs.</summary>
    public static double PingPong(int roundTrips)
    {
        var system = RealTime("bench-pingpong");
        var samples = new long[roundTrips];
        using var done = new ManualResetEventSlim();
        var ponger = system.ActorOf(OnFabricDispatcher(Props.Create(() => new Ponger())));
        var pinger = system.ActorOf(OnFabricDispatcher(Props.Create(() => new Pinger(ponger, samples, done))));
        pinger.Tell("go");
        done.Wait();
        system.Terminate().Wait();
        Array.Sort(samples);
        return samples[samples.Length / 2] * 1_000_000.0 / Stopwatch.Frequency;
    }

    // ---- spawn and footprint ----

    /// <summary>A typical small actor: one field and one handler that captures it (so one delegate per instance).</summary>
    private sealed class IdleActor : ReceiveActor
    {
        public static int Started;
        private int _seen;

        public IdleActor()
        {
            Interlocked.Increment(ref Started);
            Receive<string>(_ => _seen++);
        }
    }

    /// <summary>Seconds to create and start <paramref name="count"/> actors, and retained bytes per idle actor.</summary>
    public static (double Seconds, double BytesPerActor) Spawn(int count)
    {
        var system = RealTime("bench-spawn");
        var props = OnFabricDispatcher(Props.Create(() => new IdleActor()));
        var keep = system.ActorOf(props, "warm");
        var names = new string[count];
        for (var i = 0; i < count; i++) names[i] = "a" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalMemory(true);
        Volatile.Write(ref IdleActor.Started, 0);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++) system.ActorOf(props, names[i]);
        // Benchmark harness only: wait for every PreStart with a bounded spin.
        var spin = new SpinWait();
        while (Volatile.Read(ref IdleActor.Started) < count) spin.SpinOnce(sleep1Threshold: -1);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var after = GC.GetTotalMemory(true);
        GC.KeepAlive(names);
        GC.KeepAlive(keep);
        // Names are allocated before the baseline but are part of each actor: add them back.
        long nameBytes = 0;
        foreach (var name in names) nameBytes += 22 + 2 * name.Length + 6;
        var bytes = (after - before + nameBytes) / (double)count;
        system.Terminate().Wait();
        return (seconds, bytes);
    }

    // ---- virtual time ----

    private sealed record Token(int HopsLeft);

    private sealed class Relay : ReceiveActor
    {
        public Relay(IActorRef[] peers, int seed)
        {
            var random = new Random(seed);
            var scheduler = Context.System.Scheduler;
            Receive<Token>(t =>
            {
                if (t.HopsLeft == 0) return;
                var next = peers[random.Next(peers.Length)];
                var token = new Token(t.HopsLeft - 1);
                // One hop in ten crosses a "link" with latency (timer heap); the rest are immediate (FIFO).
                if (random.Next(10) == 0) scheduler.ScheduleTellOnce(TimeSpan.FromMicroseconds(1 + random.Next(100)), next, token, Self);
                else next.Tell(token, Self);
            });
        }
    }

    /// <summary>Virtual-time deliveries per wall-clock second for about <paramref name="events"/> deliveries (simulation driver, fabric mailbox).</summary>
    public static double VirtualEvents(int events)
    {
        const int actors = 1000, tokens = 1000;
        var system = FabricActorSystem.Create("bench-virtual", virtualTime: true, serializeMessages: false);
        var driver = EmulatedClock.Get(system).Driver!;
        var trace = DeliveryTrace.Get(system);
        var peers = new IActorRef[actors];
        for (var i = 0; i < actors; i++)
        {
            int seed = i;
            peers[i] = system.ActorOf(Props.Create(() => new Relay(peers, seed)).WithDispatcher(FabricActorSystem.Dispatcher).WithMailbox(FabricActorSystem.Mailbox));
        }
        driver.RunUntilIdle();
        for (var i = 0; i < tokens; i++) peers[i % actors].Tell(new Token(events / tokens));
        var before = trace.Delivered;
        var start = Stopwatch.GetTimestamp();
        driver.RunUntil(() => false, TimeSpan.MaxValue); // until no turn and no timer is left
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var processed = trace.Delivered - before;
        var terminated = system.Terminate();
        while (!terminated.IsCompleted) { driver.RunUntilIdle(); terminated.Wait(1); }
        return processed / seconds;
    }

    private static ActorSystem RealTime(string name) => FabricActorSystem.Create(name, virtualTime: false, serializeMessages: false);

    private static Props OnFabricDispatcher(Props props) => props.WithDispatcher(FabricActorSystem.Dispatcher);
}
