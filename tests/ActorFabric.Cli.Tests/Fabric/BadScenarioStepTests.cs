using ActorFabric.Cli.Scenarios;

namespace ActorFabric.Cli.Tests.Fabric;

/// <summary>
/// Bad scenario steps, one row each: refused when the file is read (before anything runs) with the message the
/// CLI and the control API give for the same value, at the step's line.
/// </summary>
public class BadScenarioStepTests
{
    public static TheoryData<string, string> Steps() => new()
    {
        { "link-set leaf1 spine1 --loss NaN", "bad value 'NaN' for --loss: bad loss 'NaN'" },
        { "link-set leaf1 spine1 --loss Infinity", "bad loss 'Infinity'" },
        { "link-set leaf1 spine1 --loss 101%", "loss '101%' is out of range (0..1, or 0%..100%)" },
        { "link-set leaf1 spine1 --latency 100000000s", "latency 100000000s is out of range (0s..10s)" },
        { "link-set leaf1 spine1 --latency 5", "bad latency '5' (a duration with a unit" },
        { "ping h1 h5 --count 0", "ping count 0 is out of range (1..1000)" },
        { "ping h1 h5 --count 5000", "ping count 5000 is out of range (1..1000)" },
        { "ping h1 h5 --timeout 0s", "ping timeout 0s is out of range" },
        { "ping h1 h5 --timeout 2m", "ping timeout 120s is out of range" },
        { "wait-converged --timeout 0s", "bad value '0s' for --timeout" },
        { "capture leaf1 -o /tmp", "capture -o /tmp is a directory: give a file name" },
    };

    [Theory]
    [MemberData(nameof(Steps))]
    public void A_bad_action_is_refused_at_its_line(string action, string message)
    {
        var errors = Errors($"steps:\n  - {{at: 0s, action: wait-converged}}\n  - {{at: 1s, action: {action}}}\n");
        var e = Assert.Single(errors);
        Assert.Equal(3, e.Line);
        Assert.Contains(message, e.Message);
        NoStackTrace.In(e.ToString());
    }

    [Theory]
    [InlineData("evpn-mac leaf1 --vni 99999", "VNI 99999 is not configured on leaf1 (it carries 10100, 10200)")]
    [InlineData("evpn-mac spine1 --vni 10100", "VNI 10100 is not configured on spine1")]
    [InlineData("evpn-mac leaf1 --vni 16777216", "bad value '16777216' for --vni (1..16777215)")]
    public void An_observation_of_a_vni_the_device_lacks_is_refused(string observe, string message)
    {
        var errors = Errors($"steps:\n  - {{at: 1s, observe: {observe}}}\n");
        Assert.Contains(message, Assert.Single(errors).Message);
    }

    [Theory]
    [InlineData("timeout: 0s\nsteps:\n  - {at: 0s, action: wait-converged}\n", "timeout must be a duration such as 60s")]
    [InlineData("steps:\n  - {at: -1s, action: wait-converged}\n", "'at' must be a duration")]
    [InlineData("steps:\n  - {at: NaNs, action: wait-converged}\n", "'at' must be a duration")]
    public void Bad_times_are_refused(string yaml, string message)
    {
        Assert.Contains(message, Assert.Single(Errors(yaml)).Message);
    }

    private static List<ScenarioError> Errors(string yaml)
    {
        Assert.False(ScenarioReader.TryParse(yaml, "s.yaml", RecordedFabric.QuickstartPath, null, out var scenario, out var errors));
        Assert.Null(scenario);
        return errors;
    }
}
