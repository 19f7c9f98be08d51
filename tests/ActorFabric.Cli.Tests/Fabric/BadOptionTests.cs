namespace ActorFabric.Cli.Tests.Fabric;

/// <summary>
/// Bad option values and bad files, one row each: the exit code of docs/cli.md (2 = bad input), a message that
/// names the problem, and no stack trace. Client commands point at a port where nothing listens, so a value that
/// was not checked before sending would end in "no fabric is running" (exit 1) instead.
/// </summary>
public class BadOptionTests
{
    private const string Nothing = "http://127.0.0.1:1";

    public static TheoryData<string, string[], int, string> Rows()
    {
        var q = RecordedFabric.QuickstartPath;
        var dir = Path.GetTempPath();
        return new()
        {
            { "api port above 65535", ["up", q, "--api-port", "99999", "--serve"], 2, "--api-port 99999 is out of range (0..65535" },
            { "negative api port", ["up", q, "--api-port", "-1", "--serve"], 2, "--api-port -1 is out of range" },
            { "api address not a strict quad", ["up", q, "--api-address", "1.2.3", "--serve"], 2, "bad --api-address '1.2.3'" },
            { "timeout without a unit", ["up", q, "--timeout", "60", "--exit-when-converged"], 2, "bad --timeout '60'" },
            { "seed not a number", ["up", q, "--seed", "abc"], 2, "bad value 'abc' for option --seed: expected a whole number" },
            { "log level unknown", ["up", q, "--log-level", "loud"], 2, "expected one of Verbose, Debug, Information, Warning, Error, Fatal" },
            { "capture dir missing", ["up", q, "--capture-dir", "/no/such/dir", "--serve"], 2, "--capture-dir /no/such/dir is not a directory" },
            { "topology is a directory", ["up", dir, "--exit-when-converged"], 2, "is a directory, not a topology file" },
            { "validate a directory", ["topology", "validate", dir], 2, "is a directory, not a topology file" },
            { "vni not a number", ["show", "evpn", "mac", "-d", "leaf1", "--vni", "abc", "--api", Nothing], 2, "bad value 'abc' for option --vni: expected a whole number (0 or more)" },
            { "vni out of range", ["show", "evpn", "mac", "-d", "leaf1", "--vni", "16777216", "--api", Nothing], 2, "--vni 16777216 is out of range (1..16777215)" },
            { "ping a host itself", ["ping", "h1", "h1", "--api", Nothing], 2, "'h1' is both source and destination: ping another host" },
            { "ping count 0", ["ping", "h1", "h5", "-c", "0", "--api", Nothing], 2, "ping count 0 is out of range (1..1000)" },
            { "ping timeout 0", ["ping", "h1", "h5", "--timeout", "0s", "--api", Nothing], 2, "ping timeout 0s is out of range" },
            { "ping negative timeout", ["ping", "h1", "h5", "--timeout=-1s", "--api", Nothing], 2, "bad --timeout '-1s'" },
            { "loss NaN", ["chaos", "link-set", "leaf1", "spine1", "--loss", "NaN", "--api", Nothing], 2, "bad loss 'NaN'" },
            { "loss Infinity", ["chaos", "link-set", "leaf1", "spine1", "--loss", "Infinity", "--api", Nothing], 2, "bad loss 'Infinity'" },
            { "loss negative", ["chaos", "link-set", "leaf1", "spine1", "--loss=-0.1", "--api", Nothing], 2, "bad loss '-0.1'" },
            { "loss over 100%", ["chaos", "link-set", "leaf1", "spine1", "--loss", "150%", "--api", Nothing], 2, "loss '150%' is out of range (0..1, or 0%..100%)" },
            { "latency beyond the topology's limit", ["chaos", "link-set", "leaf1", "spine1", "--latency", "100000000s", "--api", Nothing], 2, "latency 100000000s is out of range (0s..10s)" },
            { "latency negative", ["chaos", "link-set", "leaf1", "spine1", "--latency=-5ms", "--api", Nothing], 2, "bad latency '-5ms'" },
            { "latency without a unit", ["chaos", "link-set", "leaf1", "spine1", "--latency", "5", "--api", Nothing], 2, "bad latency '5'" },
            { "capture into a directory", ["capture", "leaf1", "spine1", "-o", dir, "--api", Nothing], 2, "is a directory: give a file name" },
            { "timeout beyond a day", ["up", q, "--timeout", "100000000s", "--exit-when-converged"], 2, "bad --timeout '100000000s'" },
            { "capture for ever", ["capture", "leaf1", "spine1", "-o", "x.pcap", "--duration", "100000000s", "--api", Nothing], 2, "bad --duration '100000000s' (more than 0s, at most 1h" },
            { "advance by years", ["advance", "100000000s", "--api", Nothing], 2, "bad duration '100000000s'" },
            { "advance by nothing", ["advance", "0s", "--api", Nothing], 2, "bad duration '0s'" },
            { "missing scenario file", ["run", q, "--scenario", "no/such/scenario.yaml"], 2, "scenario file not found" },
            { "missing bench topology", ["bench", "fabric", "no/such/topology.yaml", "--json"], 2, "no/such/topology.yaml: no such topology file" },
        };
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_bad_value_exits_with_the_documented_code_and_a_plain_message(string what, string[] args, int code, string message)
    {
        var run = CliRun.Run(args);
        Assert.True(run.Code == code, $"{what}: exit {run.Code}, expected {code}\n{run.Err}");
        Assert.Contains(message, run.Err);
        NoStackTrace.In(run.Out + run.Err);
    }

    [Fact]
    public void A_bad_topology_file_exits_2_with_its_errors_and_no_trace()
    {
        var file = Path.Combine(Path.GetTempPath(), $"af-bad-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, "nodes:\n  - {name: leaf1, role: leaf}\nmac-vrfs:\n  - {name: blue, vlan: 100, vni: 16777216}\nhosts:\n  - {name: h1, leaf: leaf1, vlan: 100}\n");
        try
        {
            foreach (var args in new[] { new[] { "topology", "validate", file }, ["up", file, "--exit-when-converged"], ["bench", "fabric", file, "--json"] })
            {
                var run = CliRun.Run(args);
                Assert.Equal(2, run.Code);
                Assert.Contains($"{file}:4:34: 'vni' 16777216 is out of range (1..16777215)", run.Err);
                Assert.Contains("nothing started", run.Err);
                NoStackTrace.In(run.Out + run.Err);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_topology_without_links_validates_with_a_warning()
    {
        var file = Path.Combine(Path.GetTempPath(), $"af-nolinks-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, "nodes:\n  - {name: spine1, role: spine}\n  - {name: leaf1, role: leaf}\n");
        try
        {
            var run = CliRun.Run("topology", "validate", file);
            Assert.Equal(0, run.Code);
            Assert.Contains("ok (2 nodes, 0 links", run.Out);
            Assert.Contains("warning: ", run.Err);
            Assert.Contains("no links: the 2 nodes cannot reach each other", run.Err);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Up_on_a_busy_port_says_so_before_starting_the_fabric()
    {
        var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            int port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
            var run = CliRun.Run("up", RecordedFabric.QuickstartPath, "--virtual-time", "--serve", "--api-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
            Assert.Equal(1, run.Code);
            Assert.Contains($"cannot listen on 127.0.0.1:{port} (address already in use)", run.Err);
            Assert.Equal("", run.Out); // no summary: nothing was started
            NoStackTrace.In(run.Err);
        }
        finally
        {
            taken.Stop();
        }
    }
}
