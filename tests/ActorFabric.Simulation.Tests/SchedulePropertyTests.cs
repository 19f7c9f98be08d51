using Akka.Actor;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace ActorFabric.Simulation.Tests;

/// <summary>Properties of the virtual-time scheduler and driver over random schedules.</summary>
public class SchedulePropertyTests(ITestOutputHelper output) : VirtualTimeTestKit(output)
{
    /// <summary>Appends what it receives to a list (read by the test between driver runs; one thread).</summary>
    private sealed class Collector : ReceiveActor
    {
        public Collector(List<int> into) => Receive<int>(into.Add);
    }

    [Fact]
    public void Random_schedules_are_delivered_in_due_time_then_scheduling_order()
    {
        var received = new List<int>();
        var collector = Spawn(Props.Create(() => new Collector(received)));
        Prop.ForAll(
            Gen.Choose(0, 20).ArrayOf().ToArbitrary(),
            delays =>
            {
                received.Clear();
                var start = Driver.Now;
                for (int i = 0; i < delays.Length; i++)
                    Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(delays[i]), collector, i, ActorRefs.NoSender);
                Driver.Advance(TimeSpan.FromMilliseconds(20));
                var expected = Enumerable.Range(0, delays.Length).OrderBy(i => delays[i]).ThenBy(i => i);
                return received.SequenceEqual(expected) && Driver.PendingTimers == 0 && Driver.Now == start + TimeSpan.FromMilliseconds(20);
            }).QuickCheckThrowOnFailure();
    }

    private sealed record Hop(int Id, int Left);

    private sealed class Relay : ReceiveActor
    {
        public Relay(IActorRef[] relays, IActorRef sink)
        {
            Receive<Hop>(h =>
            {
                if (h.Left == 0) sink.Tell(h.Id, Self);
                else if (h.Left % 3 == 0) Context.System.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(h.Left), relays[(h.Id + h.Left) % relays.Length], h with { Left = h.Left - 1 }, Self);
                else relays[(h.Id + h.Left) % relays.Length].Tell(h with { Left = h.Left - 1 }, Self);
            });
        }
    }

    private sealed class Relays : ReceiveActor
    {
        public Relays(IActorRef sink)
        {
            var relays = new IActorRef[5];
            for (int i = 0; i < relays.Length; i++)
                relays[i] = Context.ActorOf(Props.Create(() => new Relay(relays, sink)).WithDispatcher(Context.Props.Dispatcher), "relay" + i);
            Receive<Hop>(h => relays[h.Id % relays.Length].Forward(h));
        }
    }

    [Fact]
    public void Every_relayed_message_is_delivered_exactly_once_and_nothing_is_left_over()
    {
        var received = new List<int>();
        var sink = Spawn(Props.Create(() => new Collector(received)));
        var relays = Spawn(Props.Create(() => new Relays(sink)));
        Prop.ForAll(
            Gen.Choose(0, 12).ArrayOf().ToArbitrary(),
            hops =>
            {
                received.Clear();
                for (int id = 0; id < hops.Length; id++) relays.Tell(new Hop(id, hops[id]));
                Driver.RunUntil(() => false, TimeSpan.FromSeconds(1));
                return received.Order().SequenceEqual(Enumerable.Range(0, hops.Length))
                       && Driver.Ready == 0
                       && Driver.PendingTimers == 0;
            }).QuickCheckThrowOnFailure();
    }
}
