using Akka.Actor;
using ActorFabric.Fabric.Runtime;
using ActorFabric.Simulation;
using BenchmarkDotNet.Attributes;

namespace ActorFabric.Benchmarks;

/// <summary>
/// Micro-benchmarks of Akka.NET on the fabric's dispatcher and of the simulation driver. Run with
/// <c>dotnet run -c Release --project tests/ActorFabric.Benchmarks -- --filter '*ActorKernel*'</c>.
/// The quick figures come from <c>actorfabric bench actors</c>.
/// </summary>
[MemoryDiagnoser]
public class ActorKernelBenchmarks
{
    private const int Messages = 10_000;
    private static readonly object Payload = new();

    private ActorSystem _real = null!;
    private ActorSystem _virtual = null!;
    private IActorRef _realSink = null!;
    private IActorRef _virtualSink = null!;
    private IActorRef _pinger = null!;
    private CountingSink.Latch _latch = null!;
    private ManualResetEventSlim _pingDone = null!;

    private sealed class CountingSink : ReceiveActor
    {
        public sealed class Latch
        {
            public long Target;
            public long Count;
            public readonly ManualResetEventSlim Done = new();
        }

        public CountingSink(Latch latch)
        {
            ReceiveAny(_ =>
            {
                if (++latch.Count == latch.Target) latch.Done.Set();
            });
        }
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m, Self));
    }

    private sealed class Pinger : ReceiveActor
    {
        private int _left;

        public Pinger(IActorRef echo, ManualResetEventSlim done)
        {
            Receive<int>(n =>
            {
                _left = n;
                echo.Tell(Payload, Self);
            });
            ReceiveAny(_ =>
            {
                if (--_left == 0) done.Set();
                else echo.Tell(Payload, Self);
            });
        }
    }

    private sealed class Idle : ReceiveActor
    {
        private int _seen;

        public Idle() => Receive<string>(_ => _seen++);
    }

    [GlobalSetup]
    public void Setup()
    {
        _real = FabricActorSystem.Create("bench-real", virtualTime: false, serializeMessages: false);
        _virtual = FabricActorSystem.Create("bench-virtual", virtualTime: true, serializeMessages: false);
        _latch = new CountingSink.Latch();
        _realSink = _real.ActorOf(Fabric(Props.Create(() => new CountingSink(_latch))));
        _virtualSink = _virtual.ActorOf(Fabric(Props.Create(() => new CountingSink(new CountingSink.Latch { Target = -1 }))));
        _pingDone = new ManualResetEventSlim();
        var echo = _real.ActorOf(Fabric(Props.Create(() => new Echo())));
        _pinger = _real.ActorOf(Fabric(Props.Create(() => new Pinger(echo, _pingDone))));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _real.Terminate().Wait();
        _virtual.Terminate();
    }

    /// <summary>External thread tells one actor on the thread pool; waits until all are handled.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public void RealTimeTellToOneActor()
    {
        _latch.Done.Reset();
        _latch.Count = 0;
        _latch.Target = Messages;
        for (var i = 0; i < Messages; i++) _realSink.Tell(Payload);
        _latch.Done.Wait();
    }

    /// <summary>Sequential request/reply between two actors on the thread pool.</summary>
    [Benchmark(OperationsPerInvoke = 1000)]
    public void RealTimePingPongRoundTrip()
    {
        _pingDone.Reset();
        _pinger.Tell(1000);
        _pingDone.Wait();
    }

    /// <summary>Tell then run the discrete-event loop until idle.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public void VirtualTimeTellAndRun()
    {
        for (var i = 0; i < Messages; i++) _virtualSink.Tell(Payload);
        Driver(_virtual).RunUntilIdle();
    }

    /// <summary>Spawning (and stopping) actors under virtual time.</summary>
    [Benchmark(OperationsPerInvoke = 1000)]
    public void VirtualTimeSpawnAndStop()
    {
        var system = FabricActorSystem.Create("spawn", virtualTime: true, serializeMessages: false);
        var props = Fabric(Props.Create(() => new Idle()));
        for (var i = 0; i < 1000; i++) system.ActorOf(props);
        Driver(system).RunUntilIdle();
        system.Terminate();
    }

    private static Props Fabric(Props props) => props.WithDispatcher(FabricActorSystem.Dispatcher).WithMailbox(FabricActorSystem.Mailbox);

    private static SimulationDriver Driver(ActorSystem system) => EmulatedClock.Get(system).Driver!;
}
