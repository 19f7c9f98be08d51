using ActorFabric.Actors.TestKit;

namespace ActorFabric.Actors.Tests;

public class VirtualClockTests
{
    [Fact]
    public void Idle_time_is_skipped_straight_to_the_next_event()
    {
        using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        kit.System.Scheduler.ScheduleTellOnce(TimeSpan.FromDays(365), probe.Ref, "a year later", null);
        kit.RunUntilIdle();
        Assert.Equal(TimeSpan.FromDays(365), kit.System.Now);
        probe.ExpectMsg("a year later", TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromDays(365), kit.System.Now);
    }

    [Fact]
    public void Scheduled_tells_are_delivered_in_time_order_and_in_scheduling_order_for_equal_times()
    {
        using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var scheduler = kit.System.Scheduler;
        scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(3), probe.Ref, "c", null);
        scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(1), probe.Ref, "a1", null);
        scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(2), probe.Ref, "b", null);
        scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(1), probe.Ref, "a2", null);
        kit.RunUntilIdle();
        Assert.Equal(new object[] { "a1", "a2", "b", "c" }, probe.ReceiveN(4, TimeSpan.Zero));
    }

    [Fact]
    public void Advance_runs_only_events_due_within_the_step_and_moves_the_clock_exactly()
    {
        using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        kit.System.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(10), probe.Ref, "late", null);
        kit.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(TimeSpan.FromSeconds(9), kit.System.Now);
        Assert.Equal(0, probe.Count);
        kit.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, probe.Count);
    }

    [Fact]
    public void A_cancelled_scheduled_tell_is_never_delivered_and_leaves_flight()
    {
        using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var handle = kit.System.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(1), probe.Ref, "never", null);
        Assert.Equal(1, kit.System.MessagesInFlight);
        Assert.True(handle.Cancel());
        Assert.False(handle.Cancel());
        Assert.Equal(0, kit.System.MessagesInFlight);
        probe.ExpectNoMsg(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Messages_in_flight_count_queued_and_scheduled_tells_but_not_timers()
    {
        using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        kit.RunUntilIdle();
        Assert.Equal(0, kit.System.MessagesInFlight);
        probe.Ref.Tell("queued");
        kit.System.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(1), probe.Ref, "in transit", null);
        Assert.Equal(2, kit.System.MessagesInFlight);
        kit.System.Scheduler.ScheduleTellRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), probe.Ref, "periodic", null);
        Assert.Equal(2, kit.System.MessagesInFlight);
        kit.RunUntilIdle();
        Assert.Equal(0, kit.System.MessagesInFlight);
        Assert.Equal(TimeSpan.FromSeconds(1), kit.System.Now);
        Assert.True(kit.System.MessagesProcessed >= 2);
    }

    [Fact]
    public void RunUntil_stops_when_the_condition_holds_or_the_limit_passes()
    {
        using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        kit.System.Scheduler.ScheduleTellRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), probe.Ref, "tick", null);
        Assert.True(kit.Clock.RunUntil(() => probe.Count >= 3, TimeSpan.FromMinutes(1)));
        Assert.Equal(TimeSpan.FromSeconds(3), kit.System.Now);
        Assert.False(kit.Clock.RunUntil(() => false, TimeSpan.FromSeconds(10)));
        Assert.Equal(TimeSpan.FromSeconds(13), kit.System.Now);
        Assert.True(kit.Clock.EventsProcessed > 0);
    }

    [Fact]
    public void Nothing_runs_between_clock_calls()
    {
        using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        probe.Ref.Tell("x");
        Assert.Equal(0, probe.Count);
        Assert.True(kit.Clock.Pending > 0);
        kit.RunUntilIdle();
        Assert.Equal(1, probe.Count);
    }

    [Fact]
    public void Random_is_seeded()
    {
        using var a = new ActorTestKit(seed: 7);
        using var b = new ActorTestKit(seed: 7);
        Assert.Equal(a.System.Random.Next(), b.System.Random.Next());
    }
}
