using Akka.Actor;
using Akka.Pattern;
using Xunit.Abstractions;

namespace ActorFabric.Simulation.Tests;

/// <summary>Restart pacing in virtual time: Akka's BackoffSupervisor waits on the (virtual) scheduler.</summary>
public class BackoffAndWindowTests(ITestOutputHelper output) : VirtualTimeTestKit(output)
{
    [Fact]
    public void A_backoff_supervisor_restarts_a_crashing_child_after_doubling_delays_capped_at_the_maximum_in_virtual_time()
    {
        var lifecycle = CreateTestProbe("lifecycle");
        var child = OnDriver(Props.Create(() => new CountingActor(lifecycle.Ref)));
        var options = Backoff.OnFailure(child, "child", TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(350), 0.0, -1)
            .WithManualReset()
            .WithSupervisorStrategy(new OneForOneStrategy(_ => Directive.Restart));
        var supervisor = Spawn(BackoffSupervisor.Props(options), "backoff");
        Driver.RunUntilIdle();
        lifecycle.ExpectMsg("prestart", TimeSpan.Zero);
        var delays = new List<TimeSpan>();
        for (int i = 0; i < 4; i++)
        {
            var failedAt = VirtualNow;
            EventFilter.Exception<InvalidOperationException>().ExpectOne(() =>
            {
                supervisor.Tell(new Boom("again"));
                Driver.RunUntilIdle();
            });
            Assert.True(Driver.RunUntil(() => lifecycle.HasMessages && DrainedToPrestart(lifecycle), TimeSpan.FromSeconds(5)), $"restart {i} never came");
            delays.Add(VirtualNow - failedAt);
        }
        Assert.Equal(
            new[] { TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(350), TimeSpan.FromMilliseconds(350) },
            delays);
    }

    // Takes lifecycle messages up to and including the next "prestart"; true once it was seen.
    private static bool DrainedToPrestart(Akka.TestKit.TestProbe lifecycle)
    {
        while (lifecycle.HasMessages)
            if (lifecycle.ReceiveOne(TimeSpan.Zero) is "prestart") return true;
        return false;
    }

    /// <summary>
    /// A pitfall, pinned so it is noticed if Akka changes: a OneForOneStrategy's restart window (withinTimeRange) is
    /// measured on Akka's own monotonic clock, not on the scheduler, so virtual time passing does not reopen it.
    /// In virtual time, bound restarts with a BackoffSupervisor (above) instead.
    /// </summary>
    [Fact]
    public void The_restart_window_of_a_supervisor_strategy_counts_real_time_so_virtual_hours_do_not_reset_it()
    {
        var lifecycle = CreateTestProbe("lifecycle");
        var childProps = Props.Create(() => new CountingActor(lifecycle.Ref));
        var strategy = new OneForOneStrategy(1, TimeSpan.FromHours(1), Decider.From(_ => Directive.Restart));
        var supervisor = Spawn(Props.Create(() => new SupervisorActor(strategy, childProps, null)), "supervisor");
        supervisor.Tell("child", TestActor);
        Driver.RunUntilIdle();
        var child = ExpectMsg<IActorRef>(TimeSpan.Zero);
        Watch(child);
        EventFilter.Exception<InvalidOperationException>().ExpectOne(() =>
        {
            supervisor.Tell(new Boom("first"));
            Driver.RunUntilIdle();
        });
        Assert.False(HasMessages);
        Driver.Advance(TimeSpan.FromHours(2));
        EventFilter.Exception<InvalidOperationException>().ExpectOne(() =>
        {
            supervisor.Tell(new Boom("second, two virtual hours later"));
            Driver.RunUntilIdle();
        });
        // Still inside the window by the real clock: the second failure exceeds maxNrOfRetries and stops the child.
        ExpectTerminated(child, TimeSpan.Zero);
    }
}
