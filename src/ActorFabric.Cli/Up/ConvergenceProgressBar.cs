using ActorFabric.Cli.Control;
using ActorFabric.Fabric.Runtime;
using Spectre.Console;

namespace ActorFabric.Cli.Up;

/// <summary>
/// Waits for convergence while showing three Spectre.Console progress bars (sessions up, routes present,
/// flood lists complete) on a terminal; elsewhere it just waits. The fabric reports progress from the thread
/// that runs it; the bars read the latest snapshot ten times a second.
/// </summary>
public static class ConvergenceProgressBar
{
    public static async Task<ConvergenceReport> WaitAsync(IFabricControl fabric, TimeSpan timeout, bool terminal, CancellationToken ct)
    {
        if (!terminal) return await fabric.WaitConvergedAsync(timeout, null, ct).ConfigureAwait(false);
        var latest = new LatestProgress(fabric.Progress);
        ConvergenceReport? report = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var sessions = ctx.AddTask("BGP sessions up");
                var routes = ctx.AddTask("EVPN routes present");
                var floods = ctx.AddTask("flood lists complete");
                var wait = Task.Run(() => fabric.WaitConvergedAsync(timeout, latest, ct), ct);
                while (true)
                {
                    var p = latest.Value;
                    Set(sessions, p.SessionsEstablished, p.SessionsExpected);
                    Set(routes, p.RoutesPresent, p.RoutesExpected);
                    Set(floods, p.FloodListsComplete, p.FloodListsExpected);
                    if (wait.IsCompleted) break;
                    await Task.WhenAny(wait, Task.Delay(100, CancellationToken.None)).ConfigureAwait(false);
                }
                report = await wait.ConfigureAwait(false);
                var final = report.Progress;
                Set(sessions, final.SessionsEstablished, final.SessionsExpected);
                Set(routes, final.RoutesPresent, final.RoutesExpected);
                Set(floods, final.FloodListsComplete, final.FloodListsExpected);
            }).ConfigureAwait(false);
        return report!;
    }

    private static void Set(ProgressTask task, long have, long want)
    {
        task.MaxValue = Math.Max(1, want);
        task.Value = want == 0 ? 1 : Math.Min(have, want);
    }

    private sealed class LatestProgress(ConvergenceProgress initial) : IProgress<ConvergenceProgress>
    {
        private volatile ConvergenceProgress _value = initial;

        public ConvergenceProgress Value => _value;

        public void Report(ConvergenceProgress value) => _value = value;
    }
}
