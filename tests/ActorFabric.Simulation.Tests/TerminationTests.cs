using System.Diagnostics;
using ActorFabric.Fabric.Runtime;
using Akka.Actor;

namespace ActorFabric.Simulation.Tests;

/// <summary>Shutting down a virtual-time system: its fabric actors stop only in driver turns.</summary>
public class TerminationTests
{
    private sealed class Tree : ReceiveActor
    {
        private readonly List<string> _stopped;

        public Tree(List<string> stopped, int depth)
        {
            _stopped = stopped;
            if (depth > 0)
                Context.ActorOf(Props.Create(() => new Tree(stopped, depth - 1)).WithDispatcher(Context.Props.Dispatcher), "level" + (depth - 1));
            ReceiveAny(_ => { });
        }

        protected override void PostStop()
        {
            lock (_stopped) _stopped.Add(Self.Path.ToStringWithoutAddress());
        }
    }

    [Fact]
    public void Terminate_completes_once_the_driver_has_run_the_stops_of_every_fabric_actor_children_first()
    {
        var system = FabricActorSystem.Create("terminate", virtualTime: true, serializeMessages: false);
        var driver = EmulatedClock.Get(system).Driver!;
        var stopped = new List<string>();
        var root = system.ActorOf(Props.Create(() => new Tree(stopped, 2)).WithDispatcher(FabricActorSystem.Dispatcher), "root");
        Simulation.WaitStarted(root);
        driver.RunUntilIdle();

        var terminated = system.Terminate();
        var wall = Stopwatch.StartNew();
        while (!terminated.IsCompleted && wall.Elapsed < TimeSpan.FromSeconds(30))
        {
            driver.RunUntilIdle();
            terminated.Wait(TimeSpan.FromMilliseconds(1));
        }
        Assert.True(terminated.IsCompleted, "the system did not terminate while the driver ran");
        Assert.Equal(new[] { "/user/root/level1/level0", "/user/root/level1", "/user/root" }, stopped);
        Assert.ThrowsAny<Exception>(() => system.ActorOf(Props.Create(() => new Tree(stopped, 0))));
    }

    [Fact]
    public void Without_the_driver_the_fabric_actors_of_a_terminating_system_do_not_stop()
    {
        var system = FabricActorSystem.Create("undriven", virtualTime: true, serializeMessages: false);
        var driver = EmulatedClock.Get(system).Driver!;
        var stopped = new List<string>();
        var root = system.ActorOf(Props.Create(() => new Tree(stopped, 0)).WithDispatcher(FabricActorSystem.Dispatcher), "root");
        Simulation.WaitStarted(root);
        driver.RunUntilIdle();
        var terminated = system.Terminate();
        // The stop reaches the root through the guardian on the thread pool; it then waits for a driver turn.
        var wall = Stopwatch.StartNew();
        while (driver.Ready == 0 && wall.Elapsed < TimeSpan.FromSeconds(30)) Thread.Yield();
        Assert.True(driver.Ready > 0, "the stop never reached the driver's queue");
        Assert.False(terminated.IsCompleted);
        lock (stopped) Assert.Empty(stopped);
        Simulation.Terminate(system);
        Assert.True(terminated.IsCompleted);
        Assert.Equal(new[] { "/user/root" }, stopped);
    }
}
