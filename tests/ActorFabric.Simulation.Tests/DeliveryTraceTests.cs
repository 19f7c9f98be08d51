using Akka.Actor;
using Xunit.Abstractions;

namespace ActorFabric.Simulation.Tests;

/// <summary>The traced mailbox and the delivery digest: what is counted and what goes into the digest.</summary>
public class DeliveryTraceTests(ITestOutputHelper output) : VirtualTimeTestKit(output)
{
    private sealed record Value(ulong Content) : IDigestible
    {
        public ulong DigestValue => Content;
    }

    private sealed class Quiet : ReceiveActor
    {
        public Quiet() => ReceiveAny(_ => { });
    }

    [Fact]
    public void Every_message_taken_from_a_traced_mailbox_is_counted_and_digested_only_when_digest_is_on()
    {
        var trace = DeliveryTrace.Get(Sys);
        var quiet = Spawn(Props.Create(() => new Quiet()));
        long delivered = trace.Delivered;
        string initial = trace.Digest;
        for (int i = 0; i < 5; i++) quiet.Tell(i);
        Driver.RunUntilIdle();
        Assert.Equal(delivered + 5, trace.Delivered);
        Assert.Equal(0, trace.Digested);
        Assert.Equal(initial, trace.Digest);

        trace.DigestOn = true;
        quiet.Tell(new Value(1));
        Driver.RunUntilIdle();
        Assert.Equal(delivered + 6, trace.Delivered);
        Assert.Equal(1, trace.Digested);
        Assert.NotEqual(initial, trace.Digest);
    }

    [Fact]
    public void An_actor_on_the_default_mailbox_is_not_counted()
    {
        var trace = DeliveryTrace.Get(Sys);
        var plain = Sys.ActorOf(Props.Create(() => new Quiet()).WithDispatcher(Fabric.Runtime.FabricActorSystem.Dispatcher));
        Simulation.WaitStarted(plain);
        Driver.RunUntilIdle();
        long delivered = trace.Delivered;
        plain.Tell("x");
        Driver.RunUntilIdle();
        Assert.Equal(delivered, trace.Delivered);
    }

    /// <summary>Runs one delivery sequence in a fresh system and returns its digest.</summary>
    private static string DigestOf(params (TimeSpan At, string Receiver, object Message)[] deliveries)
    {
        var system = Fabric.Runtime.FabricActorSystem.Create("digest", virtualTime: true, serializeMessages: false);
        try
        {
            var trace = DeliveryTrace.Get(system);
            trace.DigestOn = true;
            var driver = EmulatedClock.Get(system).Driver!;
            var actors = new Dictionary<string, IActorRef>();
            foreach (var name in deliveries.Select(d => d.Receiver).Distinct())
            {
                var a = system.ActorOf(Props.Create(() => new Quiet()).WithDispatcher(Fabric.Runtime.FabricActorSystem.Dispatcher).WithMailbox(Fabric.Runtime.FabricActorSystem.Mailbox), name);
                Simulation.WaitStarted(a);
                actors[name] = a;
            }
            driver.RunUntilIdle();
            foreach (var (at, receiver, message) in deliveries)
                system.Scheduler.ScheduleTellOnce(at, actors[receiver], message, ActorRefs.NoSender);
            driver.Advance(TimeSpan.FromSeconds(10));
            Assert.Equal(deliveries.Length, trace.Digested);
            return trace.Digest;
        }
        finally
        {
            Simulation.Terminate(system);
        }
    }

    [Fact]
    public void The_digest_depends_on_time_receiver_type_content_and_order_and_on_nothing_else()
    {
        var s1 = TimeSpan.FromSeconds(1);
        var s2 = TimeSpan.FromSeconds(2);
        var baseline = DigestOf((s1, "a", new Value(1)), (s2, "b", "text"));
        Assert.Equal(baseline, DigestOf((s1, "a", new Value(1)), (s2, "b", "text")));
        Assert.NotEqual(baseline, DigestOf((s2, "a", new Value(1)), (s2, "b", "text")));        // time
        Assert.NotEqual(baseline, DigestOf((s1, "c", new Value(1)), (s2, "b", "text")));        // receiver
        Assert.NotEqual(baseline, DigestOf((s1, "a", new Value(2)), (s2, "b", "text")));        // IDigestible content
        Assert.NotEqual(baseline, DigestOf((s1, "a", new Value(1)), (s2, "b", 42)));            // type
        Assert.NotEqual(
            DigestOf((s1, "a", new Value(1)), (s1, "b", new Value(1))),
            DigestOf((s1, "b", new Value(1)), (s1, "a", new Value(1))));                          // order
    }
}
