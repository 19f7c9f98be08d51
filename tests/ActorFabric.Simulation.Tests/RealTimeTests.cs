using System.Collections.Concurrent;
using System.Diagnostics;
using ActorFabric.Fabric.Runtime;
using Akka.Actor;
using Akka.Configuration;
using Xunit.Abstractions;

namespace ActorFabric.Simulation.Tests;

/// <summary>
/// The real-time side of the layer: the PreciseScheduler, Akka timers on it, and the traced mailbox under concurrent
/// senders. No timing thresholds: order and "not before" only; waits poll with a deadline.
/// </summary>
public class RealTimeTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(RealTimeConfig(), "real", output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static Config RealTimeConfig() =>
        ConfigurationFactory.ParseString("akka.loggers = [\"Akka.TestKit.TestEventListener, Akka.TestKit\"]")
            .WithFallback(FabricActorSystem.Configuration(virtualTime: false, serializeMessages: false));

    /// <summary>A scheduler target that records when each tell reached it, on the scheduler's own clock.</summary>
    private sealed class Stamps(IScheduler scheduler) : ICanTell
    {
        public ConcurrentQueue<(object Message, TimeSpan At)> Told { get; } = new();

        public void Tell(object message, IActorRef sender) => Told.Enqueue((message, scheduler.HighResMonotonicClock));
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        var wall = Stopwatch.StartNew();
        while (!condition())
        {
            if (wall.Elapsed > Patience) throw new TimeoutException(what);
            Thread.Sleep(1);
        }
    }

    [Fact]
    public void The_real_time_system_runs_on_the_PreciseScheduler()
        => Assert.IsType<PreciseScheduler>(Sys.Scheduler);

    [Fact]
    public void PreciseScheduler_fires_each_timer_no_earlier_than_its_delay_in_due_then_scheduling_order()
    {
        var scheduler = Sys.Scheduler;
        var stamps = new Stamps(scheduler);
        var delays = new[] { 30, 5, 20, 5, 0, 12, 20, 1 }.Select(ms => TimeSpan.FromMilliseconds(ms)).ToArray();
        var scheduledAt = new TimeSpan[delays.Length];
        for (int i = 0; i < delays.Length; i++)
        {
            scheduledAt[i] = scheduler.HighResMonotonicClock;
            scheduler.ScheduleTellOnce(delays[i], stamps, i, ActorRefs.NoSender);
        }
        WaitFor(() => stamps.Told.Count == delays.Length, "not every timer fired");
        var told = stamps.Told.ToArray();
        foreach (var (message, at) in told)
        {
            int i = (int)message;
            Assert.True(at >= scheduledAt[i] + delays[i], $"timer {i} ({delays[i].TotalMilliseconds} ms) fired {(scheduledAt[i] + delays[i] - at).TotalMilliseconds} ms early");
        }
        // Due order; equal delays (5, 5 and 20, 20) in the order they were scheduled.
        Assert.Equal(new[] { 4, 7, 1, 3, 5, 2, 6, 0 }, told.Select(t => (int)t.Message));
    }

    [Fact]
    public void PreciseScheduler_never_fires_a_cancelled_timer_and_repeats_a_periodic_one_no_earlier_than_each_interval()
    {
        var scheduler = Sys.Scheduler;
        var stamps = new Stamps(scheduler);
        var cancelled = scheduler.ScheduleTellOnceCancelable(TimeSpan.FromMilliseconds(5), stamps, "cancelled", ActorRefs.NoSender);
        cancelled.Cancel();
        var start = scheduler.HighResMonotonicClock;
        var periodic = scheduler.ScheduleTellRepeatedlyCancelable(TimeSpan.FromMilliseconds(3), TimeSpan.FromMilliseconds(4), stamps, "tick", ActorRefs.NoSender);
        var marker = TimeSpan.FromMilliseconds(10);
        scheduler.ScheduleTellOnce(marker, stamps, "after the cancelled one was due", ActorRefs.NoSender);
        WaitFor(() => stamps.Told.Count(t => (string)t.Message == "tick") >= 4 && stamps.Told.Any(t => (string)t.Message != "tick"), "ticks or marker missing");
        periodic.Cancel();
        var told = stamps.Told.ToArray();
        Assert.DoesNotContain(told, t => (string)t.Message == "cancelled");
        var ticks = told.Where(t => (string)t.Message == "tick").Select(t => t.At).ToArray();
        for (int k = 0; k < ticks.Length; k++)
            Assert.True(ticks[k] >= start + TimeSpan.FromMilliseconds(3 + 4 * k), $"tick {k} fired before its time");
    }

    [Fact]
    public void PreciseScheduler_holds_a_timer_longer_than_a_monitor_wait_can_sleep_and_keeps_firing_the_others()
    {
        var scheduler = Sys.Scheduler;
        var stamps = new Stamps(scheduler);
        // Monitor.Wait takes at most int.MaxValue ms (about 24.8 days).
        scheduler.ScheduleTellOnce(TimeSpan.FromDays(30), stamps, "a month later", ActorRefs.NoSender);
        scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(2), stamps, "soon", ActorRefs.NoSender);
        WaitFor(() => !stamps.Told.IsEmpty, "the short timer never fired");
        scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(2), stamps, "later too", ActorRefs.NoSender);
        WaitFor(() => stamps.Told.Count >= 2, "the scheduler stopped firing after a very long timer was added");
        Assert.Equal(new object[] { "soon", "later too" }, stamps.Told.Select(t => t.Message));
    }

    private sealed record StartTimers;
    private sealed record CancelEvery;

    private sealed class TimerActor : ReceiveActor, IWithTimers
    {
        public ITimerScheduler Timers { get; set; } = null!;

        public TimerActor(IActorRef probe)
        {
            Receive<StartTimers>(_ =>
            {
                Timers.StartSingleTimer("once", "tick:once", TimeSpan.FromMilliseconds(20));
                Timers.StartPeriodicTimer("every", "tick:every", TimeSpan.FromMilliseconds(10));
            });
            Receive<CancelEvery>(_ =>
            {
                Timers.Cancel("every");
                probe.Tell(Timers.IsTimerActive("every") ? "still active" : "cancelled", Self);
            });
            Receive<string>(s => probe.Tell(s, Self));
        }
    }

    [Fact]
    public void Akka_timers_fire_in_real_time_on_the_fabric_dispatcher_and_stop_when_cancelled()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)).WithDispatcher(FabricActorSystem.Dispatcher).WithMailbox(FabricActorSystem.Mailbox));
        actor.Tell(new StartTimers());
        var ticks = new List<string>();
        while (!ticks.Contains("tick:once") || ticks.Count(t => t == "tick:every") < 3)
            ticks.Add(ExpectMsg<string>(Patience));
        Assert.Single(ticks, t => t == "tick:once");
        actor.Tell(new CancelEvery());
        FishForMessage(m => m is "cancelled", Patience);
    }

    private sealed record Done(long Count);

    private sealed class Counter : ReceiveActor
    {
        private long _count;

        public Counter(long expected, IActorRef report) => Receive<int>(_ =>
        {
            if (++_count == expected) report.Tell(new Done(_count), Self);
        });
    }

    [Fact]
    public void Many_threads_telling_one_traced_actor_lose_nothing_and_every_delivery_is_counted()
    {
        const int threads = 4, each = 25_000;
        var trace = DeliveryTrace.Get(Sys);
        long before = trace.Delivered;
        var counter = Sys.ActorOf(Props.Create(() => new Counter(threads * each, TestActor)).WithDispatcher(FabricActorSystem.Dispatcher).WithMailbox(FabricActorSystem.Mailbox));
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            for (int i = 0; i < each; i++) counter.Tell(i);
        })).ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());
        Assert.Equal(threads * each, ExpectMsg<Done>(Patience).Count);
        Assert.True(trace.Delivered - before >= threads * each, $"traced mailbox counted {trace.Delivered - before} deliveries");
    }
}
