using ActorFabric.Fabric.Runtime;
using Akka.Actor;
using Akka.Configuration;

namespace ActorFabric.Simulation.Tests;

/// <summary>How the layer is configured from config/akka.conf.</summary>
public class ConfigurationTests
{
    [Fact]
    public void The_virtual_time_overlay_selects_the_virtual_scheduler_and_the_simulation_executor_without_a_throughput_deadline()
    {
        var config = FabricActorSystem.Configuration(virtualTime: true, serializeMessages: false);
        Assert.Equal(typeof(VirtualTimeScheduler).FullName + ", ActorFabric.Simulation", config.GetString("akka.scheduler.implementation"));
        Assert.Equal(typeof(SimulationExecutorConfigurator).FullName + ", ActorFabric.Simulation", config.GetString("actorfabric.fabric-dispatcher.executor"));
        Assert.Equal(TimeSpan.Zero, config.GetTimeSpan("actorfabric.fabric-dispatcher.throughput-deadline-time"));
        var real = FabricActorSystem.Configuration(virtualTime: false, serializeMessages: false);
        Assert.Equal(typeof(PreciseScheduler).FullName + ", ActorFabric.Simulation", real.GetString("akka.scheduler.implementation"));
    }

    [Fact]
    public void A_simulation_dispatcher_without_the_virtual_scheduler_is_a_ConfigurationException_naming_the_scheduler()
    {
        var config = ConfigurationFactory.ParseString(
                $"actorfabric.fabric-dispatcher.executor = \"{typeof(SimulationExecutorConfigurator).FullName}, ActorFabric.Simulation\"")
            .WithFallback(FabricActorSystem.Configuration(virtualTime: false, serializeMessages: false));
        using var system = ActorSystem.Create("misconfigured", config);
        try
        {
            // Fails the ActorOf that names the dispatcher (Akka wraps it in its own "Configuration problem while creating").
            var ex = Assert.Throws<ConfigurationException>(() =>
                system.ActorOf(Props.Create(() => new EchoActor()).WithDispatcher(FabricActorSystem.Dispatcher), "echo"));
            var configuration = Innermost(ex);
            Assert.Contains("akka.scheduler.implementation", configuration.Message, StringComparison.Ordinal);
            Assert.Contains(nameof(VirtualTimeScheduler), configuration.Message, StringComparison.Ordinal);
            Assert.Contains(FabricActorSystem.Dispatcher, configuration.Message, StringComparison.Ordinal);
        }
        finally
        {
            system.Terminate().Wait(TimeSpan.FromSeconds(30));
        }
    }

    private static ConfigurationException Innermost(ConfigurationException e)
    {
        var found = e;
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is ConfigurationException c) found = c;
        return found;
    }
}
