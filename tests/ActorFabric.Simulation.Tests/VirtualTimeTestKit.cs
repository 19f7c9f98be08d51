using System.Diagnostics;
using ActorFabric.Fabric.Runtime;
using Akka.Actor;
using Akka.Configuration;
using Xunit.Abstractions;

namespace ActorFabric.Simulation.Tests;

/// <summary>
/// Akka's TestKit on a virtual-time system built from config/akka.conf (VirtualTimeScheduler + simulation
/// dispatcher). Actors under test run on the fabric dispatcher, so they run only when the test drives
/// <see cref="Driver"/>; probes run on Akka's calling-thread dispatcher, so whatever the driven actors tell them is
/// in their queue when the drive returns (assert with a zero wait, or <c>HasMessages</c>).
/// </summary>
public abstract class VirtualTimeTestKit : Akka.TestKit.Xunit2.TestKit
{
    protected VirtualTimeTestKit(ITestOutputHelper? output = null, string? extraConfig = null)
        : base(Config(extraConfig), "sim", output)
    {
        Driver = EmulatedClock.Get(Sys).Driver ?? throw new InvalidOperationException("not a virtual-time system");
    }

    private static Config Config(string? extra)
    {
        var config = FabricActorSystem.Configuration(virtualTime: true, serializeMessages: false);
        // Akka's log into the test output (the product config sends it to Serilog).
        config = ConfigurationFactory.ParseString("akka.loggers = [\"Akka.TestKit.TestEventListener, Akka.TestKit\"]\nakka.loglevel = WARNING").WithFallback(config);
        return extra is null ? config : ConfigurationFactory.ParseString(extra).WithFallback(config);
    }

    protected SimulationDriver Driver { get; }

    protected TimeSpan VirtualNow => Driver.Now;

    /// <summary>Props on the fabric dispatcher and traced mailbox, as the fabric's own actors are.</summary>
    protected static Props OnDriver(Props props) => props.WithDispatcher(FabricActorSystem.Dispatcher).WithMailbox(FabricActorSystem.Mailbox);

    /// <summary>
    /// A top-level actor on the driver. Akka's /user guardian starts it on the thread pool: wait (polling, with a
    /// deadline) until it has, so its first turn is queued for the driver, then run that turn.
    /// </summary>
    protected IActorRef Spawn(Props props, string? name = null)
    {
        var actor = Sys.ActorOf(OnDriver(props), name);
        Simulation.WaitStarted(actor);
        Driver.RunUntilIdle();
        return actor;
    }

    protected override void AfterAll()
    {
        Simulation.Terminate(Sys);
        base.AfterAll();
    }
}

/// <summary>Helpers for virtual-time systems outside the TestKit.</summary>
internal static class Simulation
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static void WaitStarted(IActorRef actor)
    {
        var wall = Stopwatch.StartNew();
        while (actor is RepointableActorRef { IsStarted: false })
        {
            if (wall.Elapsed > Patience) throw new TimeoutException($"{actor.Path} was not started by its guardian within {Patience}");
            Thread.Yield();
        }
    }

    /// <summary>Terminates a virtual-time system: its fabric actors stop only when the driver runs their turns.</summary>
    public static void Terminate(ActorSystem system)
    {
        var driver = EmulatedClock.Get(system).Driver;
        var terminated = system.Terminate();
        var wall = Stopwatch.StartNew();
        while (!terminated.IsCompleted && wall.Elapsed < Patience)
        {
            driver?.RunUntilIdle();
            terminated.Wait(TimeSpan.FromMilliseconds(1));
        }
    }
}
