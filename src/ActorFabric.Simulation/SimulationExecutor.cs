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
    // Checked here as well as in Produce: Akka produces the executor lazily, at the first mailbox run (for a top-level
    // actor on the /user guardian's thread, which then fails and shuts the system down); the configurator is built when
    // the dispatcher is first looked up, so a misconfiguration fails the ActorOf that names it.
    public SimulationExecutorConfigurator(Config config, IDispatcherPrerequisites prerequisites) : base(config, prerequisites)
        => Clock(prerequisites, config.GetString("id", null) ?? "(simulation dispatcher)");

    public override ExecutorService Produce(string id) => new SimulationExecutor(id, Clock(Prerequisites, id).Driver);

    private static VirtualTimeScheduler Clock(IDispatcherPrerequisites prerequisites, string id)
        => prerequisites.Scheduler as VirtualTimeScheduler ?? throw new ConfigurationException(
            $"dispatcher '{id}' runs on the simulation driver, which needs akka.scheduler.implementation = \"{typeof(VirtualTimeScheduler).FullName}, {typeof(VirtualTimeScheduler).Assembly.GetName().Name}\" (the scheduler is {prerequisites.Scheduler.GetType().FullName})");

    private sealed class SimulationExecutor(string id, SimulationDriver driver) : ExecutorService(id)
    {
        public override void Execute(IRunnable run) => driver.Enqueue(run);

        public override void Shutdown()
        {
        }
    }
}
