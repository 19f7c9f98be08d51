using Akka.Actor;

namespace ActorFabric.Simulation.Tests;

public sealed record Ping(int N);
public sealed record Pong(int N);
public sealed record Boom(string Reason);
public sealed record GetState;
public sealed record Forward(IActorRef To, object Message);

/// <summary>Replies Pong(n) to Ping(n); forwards a <see cref="Forward"/>'s message.</summary>
public sealed class EchoActor : ReceiveActor
{
    public EchoActor()
    {
        Receive<Ping>(p => Sender.Tell(new Pong(p.N), Self));
        Receive<Forward>(f => f.To.Tell(f.Message, Self));
    }
}

/// <summary>Tells the probe everything it receives, with the virtual time it arrived.</summary>
public sealed class RecorderActor : ReceiveActor
{
    public RecorderActor(IActorRef probe)
    {
        var clock = EmulatedClock.Get(Context.System);
        ReceiveAny(m => probe.Tell((m, clock.Now), Self));
    }
}

/// <summary>Counts Pings, throws on Boom, reports (count, instance); tells the lifecycle probe about its hooks.</summary>
public sealed class CountingActor : ReceiveActor
{
    private static int s_instances;
    private readonly int _instance = Interlocked.Increment(ref s_instances);
    private readonly IActorRef _lifecycle;
    private int _count;

    public CountingActor(IActorRef lifecycle)
    {
        _lifecycle = lifecycle;
        Receive<Ping>(_ => _count++);
        Receive<Boom>(b => throw new InvalidOperationException(b.Reason));
        Receive<GetState>(_ => Sender.Tell((_count, _instance), Self));
    }

    protected override void PreStart() => _lifecycle.Tell("prestart", Self);

    protected override void PostStop() => _lifecycle.Tell("poststop", Self);

    protected override void PreRestart(Exception reason, object message)
    {
        _lifecycle.Tell($"prerestart:{reason.Message}:{message?.GetType().Name}", Self);
        base.PreRestart(reason, message);
    }

    protected override void PostRestart(Exception reason)
    {
        _lifecycle.Tell($"postrestart:{reason.Message}", Self);
        base.PostRestart(reason);
    }
}

/// <summary>Creates one child "child" (on the same dispatcher) and supervises it with the given strategy; forwards everything else to it.</summary>
public sealed class SupervisorActor : ReceiveActor
{
    private readonly SupervisorStrategy _strategy;
    private readonly Props _childProps;
    private readonly IActorRef? _lifecycle;

    public SupervisorActor(SupervisorStrategy strategy, Props childProps, IActorRef? lifecycle = null)
    {
        _strategy = strategy;
        _childProps = childProps;
        _lifecycle = lifecycle;
        Receive<string>(s => s == "child", _ => Sender.Tell(Context.Child("child"), Self));
        ReceiveAny(m => Context.Child("child").Forward(m));
    }

    protected override void PreStart()
    {
        Context.ActorOf(_childProps.WithDispatcher(Context.Props.Dispatcher).WithMailbox(Context.Props.Mailbox), "child");
        _lifecycle?.Tell("supervisor-start", Self);
    }

    protected override SupervisorStrategy SupervisorStrategy() => _strategy;
}
