using ActorFabric.Cli.Scenarios;

namespace ActorFabric.Cli.Tests.Fabric;

public class ScenarioReaderTests
{
    private static readonly string Root = RecordedFabric.RepositoryRoot();

    private static (Scenario? Scenario, List<ScenarioError> Errors) Parse(string yaml, string? topology = null)
    {
        ScenarioReader.TryParse(yaml, "s.yaml", topology ?? RecordedFabric.QuickstartPath, null, out var scenario, out var errors);
        return (scenario, errors);
    }

    /// <summary>Every file under scenarios/, so a newly bundled scenario is covered without editing a list.</summary>
    public static TheoryData<string> BundledScenarios()
    {
        var files = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(Root, "scenarios"), "*.yaml").Order(StringComparer.Ordinal))
            files.Add(Path.GetFileName(path));
        return files;
    }

    [Theory]
    [MemberData(nameof(BundledScenarios))]
    public void Every_bundled_scenario_loads_with_its_own_topology(string file)
    {
        var ok = ScenarioReader.TryLoad(Path.Combine(Root, "scenarios", file), null, null, out var scenario, out var errors);
        Assert.True(ok, string.Join("\n", errors));
        Assert.NotEmpty(scenario!.Steps);
        Assert.Equal("wait-converged", scenario.Steps[0].Verb.Name);
    }

    [Fact]
    public void Steps_run_in_time_order_keeping_file_order_for_equal_times()
    {
        var (s, errors) = Parse("""
            seed: 9
            steps:
              - {at: 2s, observe: fdb leaf1}
              - {at: 500ms, action: link-down leaf1 spine1}
              - {at: 2s, action: ping h1 h5 --count 2}
              - {at: 0s, action: wait-converged}
            """);
        Assert.Empty(errors);
        Assert.Equal(9, s!.Seed);
        Assert.Equal(["wait-converged", "link-down", "fdb", "ping"], s.Steps.Select(x => x.Verb.Name));
        Assert.Equal(TimeSpan.FromMilliseconds(500), s.Steps[1].At);
        Assert.Equal("2", s.Steps[3].Option("--count"));
        Assert.Equal(["h1", "h5"], s.Steps[3].Arguments);
    }

    [Fact]
    public void An_unknown_action_is_reported_at_its_line_and_column_with_a_suggestion()
    {
        var (s, errors) = Parse("""
            steps:
              - {at: 0s, action: wait-converged}
              - {at: 1s, action: link-dwn leaf1 spine1}
            """);
        Assert.Null(s);
        var e = Assert.Single(errors);
        Assert.Equal(("s.yaml", 3), (e.File, e.Line));
        Assert.StartsWith("s.yaml:3:", e.ToString());
        Assert.Contains("unknown action 'link-dwn'", e.Message);
        Assert.Contains("did you mean 'link-down'", e.Message);
    }

    [Fact]
    public void An_observation_written_as_an_action_says_to_use_observe()
    {
        var (_, errors) = Parse("steps:\n  - {at: 1s, action: bgp-summary leaf1}\n");
        Assert.Contains("use 'observe:'", Assert.Single(errors).Message);
    }

    [Fact]
    public void A_ping_destination_may_be_a_dotted_ipv4_address_but_the_source_must_be_a_host()
    {
        var (scenario, errors) = Parse("steps:\n  - {at: 1s, action: ping h1 10.1.1.254 --count 1}\n");
        Assert.Empty(errors);
        Assert.Equal(["h1", "10.1.1.254"], scenario!.Steps[0].Arguments);

        var (_, bad) = Parse("steps:\n  - {at: 1s, action: ping h1 10.1.1}\n  - {at: 2s, action: ping 10.1.1.5 h1}\n  - {at: 3s, action: ping h1 2001:db8::1}\n");
        Assert.Equal(3, bad.Count);
        Assert.All(bad[..2], e => Assert.Contains("unknown host", e.Message));
        // An IPv6 address is a destination too (an ICMPv6 ping), but quickstart's hosts have no IPv6 address.
        Assert.Contains("host 'h1' has no IPv6 address", bad[2].Message);
    }

    [Fact]
    public void An_unknown_host_is_named_with_near_matches()
    {
        var (_, errors) = Parse("steps:\n  - at: 1s\n    action: ping h1 h9\n");
        var e = Assert.Single(errors);
        Assert.Equal(3, e.Line);
        Assert.Contains("unknown host 'h9'", e.Message);
        Assert.Contains("'h1'", e.Message);
    }

    [Fact]
    public void Bad_times_options_and_arity_are_each_reported()
    {
        var (_, errors) = Parse("""
            steps:
              - {at: soon, action: wait-converged}
              - {at: 1s, action: link-set leaf1 spine1}
              - {at: 1s, action: device-stop}
              - {at: 1s, action: link-set leaf1 spine1 --loss lots}
              - {at: 1s, action: ping h1 h2 --colour red}
              - {at: 1s}
              - {at: 1s, observe: fdb leaf1, colour: red}
            """);
        Assert.Equal([2, 3, 4, 5, 6, 7, 8], errors.Select(e => e.Line));
        Assert.Contains("'at' must be a duration", errors[0].Message);
        Assert.Contains("needs --latency and/or --loss", errors[1].Message);
        Assert.Contains("'device-stop' takes 1 argument", errors[2].Message);
        Assert.Contains("bad value 'lots' for --loss", errors[3].Message);
        Assert.Contains("no option '--colour'", errors[4].Message);
        Assert.Contains("exactly one of 'action:' or 'observe:'", errors[5].Message);
        Assert.Contains("unknown step key 'colour'", errors[6].Message);
    }

    [Fact]
    public void A_vm_move_target_must_be_a_leaf_port()
    {
        var (_, errors) = Parse("steps:\n  - {at: 1s, action: vm-move h1 spine1:eth9}\n  - {at: 1s, action: vm-move h1 leaf2}\n");
        Assert.Equal(2, errors.Count);
        Assert.Contains("not a leaf", errors[0].Message);
        Assert.Contains("not LEAF:PORT", errors[1].Message);
    }

    [Fact]
    public void Errors_in_an_inline_topology_point_into_the_scenario_file()
    {
        ScenarioReader.TryParse("""
            seed: 1
            topology:
              nodes:
                - {name: leaf1, role: leef, loopback: 10.0.0.11}
            steps:
              - {at: 0s, action: wait-converged}
            """, "s.yaml", null, null, out _, out var errors);
        var e = Assert.Single(errors, x => x.Message.Contains("leef"));
        Assert.Equal(("s.yaml", 4), (e.File, e.Line));
    }

    [Fact]
    public void A_missing_scenario_file_is_an_error_naming_it()
    {
        var (code, _, error) = CliRun.Run("run", RecordedFabric.QuickstartPath, "--scenario", "no/such/scenario.yaml", "--json");
        Assert.Equal(2, code);
        Assert.Contains("no/such/scenario.yaml", error);
        Assert.Contains("not found", error);
    }

    [Fact]
    public void A_bad_step_stops_run_before_anything_starts_with_exit_2_and_file_line()
    {
        var file = Path.Combine(Path.GetTempPath(), $"af-bad-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, "seed: 1\nsteps:\n  - {at: 0s, action: wait-converged}\n  - {at: 1s, observe: bgp-sumary leaf1}\n");
        try
        {
            var (code, output, error) = CliRun.Run("run", RecordedFabric.QuickstartPath, "--scenario", file, "--json");
            Assert.Equal(2, code);
            Assert.Equal("", output);
            Assert.Contains($"{file}:4:", error);
            Assert.Contains("did you mean 'bgp-summary'", error);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
