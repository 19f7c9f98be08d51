using Akka.Actor;
using Xunit.Abstractions;

namespace ActorFabric.Simulation.Tests;

/// <summary>The virtual clock at its edges: unbounded runs, huge intervals, and what the clock reports to Akka.</summary>
public class ClockEdgeTests(ITestOutputHelper output) : VirtualTimeTestKit(output)
{
    [Fact]
    public void The_scheduler_clocks_and_the_emulated_clock_all_read_virtual_time()
    {
        Driver.Advance(TimeSpan.FromMinutes(90));
        var scheduler = Assert.IsType<VirtualTimeScheduler>(Sys.Scheduler);
        Assert.Equal(TimeSpan.FromMinutes(90), scheduler.MonotonicClock);
        Assert.Equal(TimeSpan.FromMinutes(90), scheduler.HighResMonotonicClock);
        Assert.Equal(VirtualTimeScheduler.Epoch + TimeSpan.FromMinutes(90), Sys.Scheduler.Now);
        Assert.Equal(TimeSpan.FromMinutes(90), EmulatedClock.Get(Sys).Now);
        Assert.Same(Driver, EmulatedClock.Get(Sys).Driver);
    }

    [Fact]
    public void Advance_by_the_largest_duration_runs_everything_pending_and_leaves_the_clock_at_the_last_event()
    {
        var recorder = Spawn(Props.Create(() => new RecorderActor(TestActor)));
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromDays(365), recorder, "a year later", ActorRefs.NoSender);
        Driver.Advance(TimeSpan.MaxValue);
        Assert.Equal<(object, TimeSpan)>(("a year later", TimeSpan.FromDays(365)), ExpectMsg<(object, TimeSpan)>(TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromDays(365), VirtualNow);
        // The clock still works afterwards: Akka can read the date, and a new timer fires after its delay.
        Assert.Equal(VirtualTimeScheduler.Epoch + TimeSpan.FromDays(365), Sys.Scheduler.Now);
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(1), recorder, "then", ActorRefs.NoSender);
        Driver.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal<(object, TimeSpan)>(("then", TimeSpan.FromDays(365) + TimeSpan.FromSeconds(1)), ExpectMsg<(object, TimeSpan)>(TimeSpan.Zero));
    }

    [Fact]
    public void A_periodic_timer_whose_next_time_is_beyond_the_end_of_time_fires_once()
    {
        var recorder = Spawn(Props.Create(() => new RecorderActor(TestActor)));
        Sys.Scheduler.ScheduleTellRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.MaxValue, recorder, "tick", ActorRefs.NoSender);
        int ticks = 0;
        Assert.False(Driver.RunUntil(() =>
        {
            while (HasMessages)
            {
                ReceiveOne(TimeSpan.Zero);
                ticks++;
            }
            return ticks > 1;
        }, TimeSpan.FromDays(365)));
        Assert.Equal(1, ticks);
        Assert.Equal(TimeSpan.FromDays(365), VirtualNow);
    }

    [Fact]
    public void A_tell_scheduled_with_the_largest_delay_never_fires_even_in_an_unbounded_run()
    {
        var recorder = Spawn(Props.Create(() => new RecorderActor(TestActor)));
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.MaxValue, recorder, "never", ActorRefs.NoSender);
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(2), recorder, "soon", ActorRefs.NoSender);
        Assert.False(Driver.RunUntil(() => false, TimeSpan.MaxValue));
        Assert.Equal<(object, TimeSpan)>(("soon", TimeSpan.FromSeconds(2)), ExpectMsg<(object, TimeSpan)>(TimeSpan.Zero));
        Assert.False(HasMessages);
        Assert.Equal(TimeSpan.FromSeconds(2), VirtualNow);
        Assert.Equal(VirtualTimeScheduler.Epoch + TimeSpan.FromSeconds(2), Sys.Scheduler.Now);
    }
}
