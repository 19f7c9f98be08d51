using Akka.Actor;
using Xunit.Abstractions;

namespace ActorFabric.Simulation.Tests;

/// <summary>The driver loop: Advance, RunUntil, RunUntilCompleted, and one driving thread at a time.</summary>
public class DriverTests(ITestOutputHelper output) : VirtualTimeTestKit(output)
{
    [Fact]
    public void Advance_runs_only_what_is_due_within_the_step_and_moves_the_clock_exactly()
    {
        var recorder = Spawn(Props.Create(() => new RecorderActor(TestActor)));
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(10), recorder, "late", ActorRefs.NoSender);
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromTicks(2_500), recorder, "early", ActorRefs.NoSender);

        Driver.Advance(TimeSpan.FromTicks(2_499));
        Assert.Equal(TimeSpan.FromTicks(2_499), VirtualNow);
        Assert.False(HasMessages);

        Driver.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(TimeSpan.FromTicks(2_500), VirtualNow);
        Assert.Equal<(object, TimeSpan)>(("early", TimeSpan.FromTicks(2_500)), ExpectMsg<(object, TimeSpan)>(TimeSpan.Zero));

        Driver.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(TimeSpan.FromSeconds(9) + TimeSpan.FromTicks(2_500), VirtualNow);
        Assert.False(HasMessages);
        Assert.Equal(1, Driver.PendingTimers);

        // A timer due exactly at the end of the step runs in it.
        Driver.Advance(TimeSpan.FromSeconds(10) - VirtualNow);
        Assert.Equal<(object, TimeSpan)>(("late", TimeSpan.FromSeconds(10)), ExpectMsg<(object, TimeSpan)>(TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromSeconds(10), VirtualNow);
        Assert.Equal(0, Driver.PendingTimers);
    }

    [Fact]
    public void Advance_by_zero_runs_the_work_of_the_current_instant_only()
    {
        var echo = Spawn(Props.Create(() => new EchoActor()));
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromTicks(1), echo, new Ping(2), TestActor);
        echo.Tell(new Ping(1), TestActor);
        Driver.Advance(TimeSpan.Zero);
        ExpectMsg(new Pong(1), TimeSpan.Zero);
        Assert.False(HasMessages);
        Assert.Equal(TimeSpan.Zero, VirtualNow);
    }

    [Fact]
    public void RunUntil_stops_as_soon_as_the_condition_holds()
    {
        var recorder = Spawn(Props.Create(() => new RecorderActor(TestActor)));
        Sys.Scheduler.ScheduleTellRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), recorder, "tick", ActorRefs.NoSender);
        int ticks = 0;
        Assert.True(Driver.RunUntil(() => (ticks += DrainTicks()) >= 3, TimeSpan.FromMinutes(1)));
        Assert.Equal(3, ticks);
        Assert.Equal(TimeSpan.FromSeconds(3), VirtualNow);
    }

    private int DrainTicks()
    {
        int n = 0;
        while (HasMessages)
        {
            ReceiveOne(TimeSpan.Zero);
            n++;
        }
        return n;
    }

    [Fact]
    public void RunUntil_leaves_the_clock_at_the_limit_when_the_condition_never_holds()
    {
        var recorder = Spawn(Props.Create(() => new RecorderActor(TestActor)));
        var ticks = Sys.Scheduler.ScheduleTellRepeatedlyCancelable(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4), recorder, "tick", ActorRefs.NoSender);
        Assert.False(Driver.RunUntil(() => false, TimeSpan.FromSeconds(10)));
        Assert.Equal(TimeSpan.FromSeconds(10), VirtualNow);
        // Ticks at 1, 5 and 9 s ran; the one at 13 s did not.
        Assert.Equal(new[] { 1, 5, 9 }, ReceiveN(3, TimeSpan.FromSeconds(1)).Cast<(object, TimeSpan)>().Select(t => (int)t.Item2.TotalSeconds));
        Assert.False(HasMessages);

        // With nothing scheduled at all, the clock still moves to the limit.
        ticks.Cancel();
        Assert.False(Driver.RunUntil(() => false, TimeSpan.FromSeconds(2.5)));
        Assert.Equal(TimeSpan.FromSeconds(12.5), VirtualNow);
        Assert.False(HasMessages);
    }

    [Fact]
    public void RunUntil_with_a_condition_that_already_holds_runs_nothing()
    {
        var echo = Spawn(Props.Create(() => new EchoActor()));
        echo.Tell(new Ping(1), TestActor);
        long turns = Driver.TurnsRun;
        Assert.True(Driver.RunUntil(() => true, TimeSpan.FromSeconds(10)));
        Assert.Equal(turns, Driver.TurnsRun);
        Assert.Equal(TimeSpan.Zero, VirtualNow);
        Assert.False(HasMessages);
    }

    [Fact]
    public void RunUntilCompleted_drives_until_an_ask_is_answered_and_returns_the_answer()
    {
        var echo = Spawn(Props.Create(() => new EchoActor()));
        var delayed = Spawn(Props.Create(() => new DelayedReply(TimeSpan.FromSeconds(2))));
        Assert.Equal(new Pong(7), Driver.RunUntilCompleted(echo.Ask<Pong>(new Ping(7)), TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.Zero, VirtualNow);
        Assert.Equal(new Pong(8), Driver.RunUntilCompleted(delayed.Ask<Pong>(new Ping(8)), TimeSpan.FromSeconds(5)));
        Assert.Equal(TimeSpan.FromSeconds(2), VirtualNow);
    }

    [Fact]
    public void RunUntilCompleted_throws_a_TimeoutException_when_no_answer_comes_within_the_limit()
    {
        var silent = Spawn(Props.Create(() => new DelayedReply(TimeSpan.FromSeconds(20))));
        var ex = Assert.Throws<TimeoutException>(() => Driver.RunUntilCompleted(silent.Ask<Pong>(new Ping(1)), TimeSpan.FromSeconds(5)));
        Assert.Contains("5 s of virtual time", ex.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(5), VirtualNow);
    }

    /// <summary>Answers Pong after a delay, with a timer.</summary>
    private sealed class DelayedReply : ReceiveActor, IWithTimers
    {
        public ITimerScheduler Timers { get; set; } = null!;

        public DelayedReply(TimeSpan delay)
        {
            Receive<Ping>(p => Timers.StartSingleTimer(p.N, new Forward(Sender, new Pong(p.N)), delay));
            Receive<Forward>(f => f.To.Tell(f.Message, Self));
        }
    }

    [Fact]
    public void Negative_durations_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Driver.Advance(TimeSpan.FromTicks(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Driver.RunUntil(() => false, TimeSpan.FromTicks(-1)));
        Assert.Equal(TimeSpan.Zero, VirtualNow);
    }

    /// <summary>Blocks its turn until released, so the test can try to drive while another thread is driving.</summary>
    private sealed class Gate : ReceiveActor
    {
        public Gate(ManualResetEventSlim entered, ManualResetEventSlim release)
        {
            Receive<string>(_ =>
            {
                entered.Set();
                release.Wait(TimeSpan.FromSeconds(30));
            });
        }
    }

    [Fact]
    public void The_driver_refuses_to_be_entered_from_a_second_thread_while_one_is_driving()
    {
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var gate = Spawn(Props.Create(() => new Gate(entered, release)));
        gate.Tell("hold");
        var driving = new Thread(() => Driver.RunUntilIdle()) { IsBackground = true };
        driving.Start();
        try
        {
            Assert.True(entered.Wait(TimeSpan.FromSeconds(30)), "the driving thread never ran the gate's turn");
            var ex = Assert.Throws<InvalidOperationException>(() => Driver.RunUntilIdle());
            Assert.Contains("already being driven", ex.Message, StringComparison.Ordinal);
            Assert.Throws<InvalidOperationException>(() => Driver.Advance(TimeSpan.FromSeconds(1)));
            Assert.Throws<InvalidOperationException>(() => Driver.RunUntil(() => true, TimeSpan.Zero));
        }
        finally
        {
            release.Set();
            Assert.True(driving.Join(TimeSpan.FromSeconds(30)));
        }
        // Once the first thread has left, driving works again.
        gate.Tell("again");
        release.Set();
        Driver.RunUntilIdle();
        Assert.Equal(TimeSpan.Zero, VirtualNow);
    }

    private sealed class ReentrantDriver : ReceiveActor
    {
        public ReentrantDriver(IActorRef probe)
        {
            var driver = EmulatedClock.Get(Context.System).Driver!;
            Receive<string>(_ =>
            {
                try
                {
                    driver.RunUntilIdle();
                    probe.Tell("drove", Self);
                }
                catch (InvalidOperationException e)
                {
                    probe.Tell(e, Self);
                }
            });
        }
    }

    [Fact]
    public void An_actor_cannot_drive_the_simulation_from_inside_its_turn()
    {
        var actor = Spawn(Props.Create(() => new ReentrantDriver(TestActor)));
        actor.Tell("drive");
        Driver.RunUntilIdle();
        Assert.Contains("already being driven", ExpectMsg<InvalidOperationException>(TimeSpan.Zero).Message, StringComparison.Ordinal);
    }
}
