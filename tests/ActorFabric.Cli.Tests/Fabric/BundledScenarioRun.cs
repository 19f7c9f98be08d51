using System.Text.Json;

namespace ActorFabric.Cli.Tests.Fabric;

/// <summary>A bundled scenario run with `run --scenario --json`, asserted successful; its labelled ping steps by label.</summary>
internal sealed class BundledScenarioRun
{
    private readonly List<JsonElement> _steps;

    private BundledScenarioRun(List<JsonElement> steps) => _steps = steps;

    public static BundledScenarioRun Of(string file)
    {
        var path = Path.Combine(RecordedFabric.RepositoryRoot(), "scenarios", file);
        var (code, output, error) = CliRun.Run("run", "--scenario", path, "--json");
        Assert.True(code == 0, error + output);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.True(root.GetProperty("ok").GetBoolean(), output);
        return new BundledScenarioRun(root.GetProperty("steps").EnumerateArray().ToList());
    }

    /// <summary>The result of the step labelled <paramref name="label"/>.</summary>
    public JsonElement Ping(string label) =>
        _steps.Single(s => s.TryGetProperty("label", out var l) && l.GetString() == label).GetProperty("result");

    /// <summary>A ping's routing figures (docs/fabric.md § Metrics).</summary>
    public static (int Routed, int Crossings, int Trombone) Figures(JsonElement ping) =>
        (ping.GetProperty("routed_hops").GetInt32(), ping.GetProperty("fabric_crossings").GetInt32(), ping.GetProperty("trombone_hops").GetInt32());
}
