using Akka.Actor;

namespace ActorFabric.Fabric.Runtime.Links;

/// <summary>A fabric link between two device ports: an actor around a <see cref="Cable"/>.</summary>
internal sealed class LinkActor : UntypedActor
{
    private readonly Cable _cable;

    public LinkActor(LinkSetup setup) => _cable = new Cable(setup, Context.System);

    protected override void PreStart() => _cable.Start(Self);

    protected override void OnReceive(object message)
    {
        if (!_cable.TryHandle(message, Self, Sender)) Unhandled(message);
    }
}

internal sealed record LinkSetup(int Index, IActorRef A, int APort, IActorRef B, int BPort, TimeSpan Latency, double Loss, bool Up, int Seed, LinkGauges Gauges);
