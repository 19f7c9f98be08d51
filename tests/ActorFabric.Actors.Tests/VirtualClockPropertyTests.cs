using ActorFabric.Actors.TestKit;
using FsCheck;
using FsCheck.Fluent;

namespace ActorFabric.Actors.Tests;

public class VirtualClockPropertyTests
{
    [Fact]
    public void Scheduled_tells_arrive_ordered_by_due_time_then_by_scheduling_order()
    {
        Prop.ForAll(
            Gen.Choose(0, 20).ArrayOf().ToArbitrary(),
            delays =>
            {
                using var kit = new ActorTestKit();
                var probe = kit.CreateProbe();
                for (var i = 0; i < delays.Length; i++)
                    kit.System.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(delays[i]), probe.Ref, i, null);
                kit.RunUntilIdle();
                var received = probe.ReceiveN(delays.Length, TimeSpan.Zero).Cast<int>().ToArray();
                var expected = Enumerable.Range(0, delays.Length).OrderBy(i => delays[i]).ThenBy(i => i).ToArray();
                return received.SequenceEqual(expected) && kit.System.MessagesInFlight == 0;
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

    [Fact]
    public void Every_message_is_delivered_exactly_once_and_flight_returns_to_zero()
    {
        Prop.ForAll(
            Gen.Choose(0, 12).ArrayOf().ToArbitrary(),
            hops =>
            {
                using var kit = new ActorTestKit();
                var probe = kit.CreateProbe();
                var relays = new IActorRef[5];
                for (var i = 0; i < relays.Length; i++) relays[i] = kit.ActorOf(Props.Create(() => new Relay(relays, probe.Ref)));
                for (var id = 0; id < hops.Length; id++) relays[id % relays.Length].Tell(new Hop(id, hops[id]));
                kit.RunUntilIdle();
                var ids = probe.ReceiveN(hops.Length, TimeSpan.Zero).Cast<int>().Order().ToArray();
                return ids.SequenceEqual(Enumerable.Range(0, hops.Length))
                       && probe.Count == 0
                       && kit.System.MessagesInFlight == 0
                       && kit.System.DeadLetters == 0;
            }).QuickCheckThrowOnFailure();
    }
}
