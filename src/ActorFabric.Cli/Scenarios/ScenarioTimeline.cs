using System.Text.Json.Nodes;
using ActorFabric.Cli.Control;
using ActorFabric.Cli.Output;
using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Scenarios;

/// <summary>
/// The scenario document's <c>timeline</c>: one entry per chaos action that was applied. An action's window runs
/// from the action to the next chaos action (or the end of the scenario); at its end the runner reads the
/// fabric's convergence, which it kept polling as emulated time advanced, and compares footprints.
/// <c>reconverged_after</c> is the emulated time from the action to the instant the fabric last became converged
/// after its sessions, routes or flood lists were off (the runtime's <c>ReconvergedAt</c>; 0 when the action
/// disturbed none of them), null when the fabric is not converged at the window's end. Emulated figures only: the same seed gives the same entries.
/// </summary>
internal sealed class ScenarioTimeline(IFabricControl fabric)
{
    private readonly JsonArray _entries = [];
    private readonly List<(JsonObject Entry, TimeSpan At)> _open = [];
    private ScenarioFootprint? _before;

    public static bool IsChaos(string verb) => ChaosKind.All.Contains(verb);

    /// <summary>Before a chaos action: closes the open windows and takes the footprint the action starts from; returns the action's time.</summary>
    public async Task<TimeSpan> BeforeActionAsync()
    {
        if (_open.Count > 0) await CloseAsync().ConfigureAwait(false);
        else _before = await ScenarioFootprint.TakeAsync(fabric).ConfigureAwait(false);
        return fabric.Now;
    }

    /// <summary>The action was applied (at <paramref name="at"/>, emulated).</summary>
    public void Applied(ScenarioStep step, TimeSpan at)
    {
        var entry = new JsonObject
        {
            ["sequence"] = _entries.Count + 1,
            ["time"] = ScenarioRunner.Seconds(at),
            ["kind"] = step.Verb.Name,
            ["action"] = step.Text,
        };
        if (step.Label is not null) entry["label"] = step.Label;
        _entries.Add(entry);
        _open.Add((entry, at));
    }

    /// <summary>Ends the open windows now: reconvergence and changes from the footprint before their actions.</summary>
    public async Task CloseAsync()
    {
        if (_open.Count == 0) return;
        var after = await ScenarioFootprint.TakeAsync(fabric).ConfigureAwait(false);
        var changes = System.Text.Json.JsonSerializer.SerializeToNode(_before!.To(after), CliJson.Options);
        var progress = fabric.Progress;
        foreach (var (entry, at) in _open)
        {
            entry["reconverged_after"] = progress.Converged
                ? ScenarioRunner.Seconds(fabric.ReconvergedAt is { } since && since > at ? since - at : TimeSpan.Zero)
                : null;
            // Actions at the same instant share one window: each carries the window's changes.
            entry["changes"] = changes!.DeepClone();
        }
        _open.Clear();
        _before = after;
    }

    public JsonArray ToJson() => _entries;
}
