using Akka.Configuration;
using Akka.Dispatch;

namespace ActorFabric.Simulation;

/// <summary>
/// Executor of the simulation dispatcher: every mailbox turn goes into the <see cref="SimulationDriver"/>'s FIFO,
/// to run on the driver's thread. Configure with
/// <c>executor = "ActorFabric.Simulation.SimulationExecutorConfigurator, ActorFabric.Simulation"</c> and
/// <c>throughput-deadline-time = 0</c> (a deadline reads the real clock).
/// </summary>
public sealed class SimulationExecutorConfigurator : ExecutorServiceConfigurator
{
    public SimulationExecutorConfigurator(Config config, IDispatcherPrerequisites prerequisites) : base(config, prerequisites)
    {
    }

    public override ExecutorService Produce(string id)
    {
        if (Prerequisites.Scheduler is not VirtualTimeScheduler clock)
            throw new ConfigurationException(
                $"dispatcher '{id}' runs on the simulation driver, which needs akka.scheduler.implementation = \"{typeof(VirtualTimeScheduler).AssemblyQualifiedName}\"");
        return new SimulationExecutor(id, clock.Driver);
    }

    private sealed class SimulationExecutor(string id, SimulationDriver driver) : ExecutorService(id)
    {
        public override void Execute(IRunnable run) => driver.Enqueue(run);

        public override void Shutdown()
        {
        }
    }
}
