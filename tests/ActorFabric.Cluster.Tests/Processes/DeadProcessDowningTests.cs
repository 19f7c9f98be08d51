using System.Net;
using System.Net.Sockets;
using Akka.Configuration;
using ActorFabric.Cluster.Node;
using ActorFabric.Cluster.Tests.Launch;
using Xunit.Abstractions;

namespace ActorFabric.Cluster.Tests.Processes;

/// <summary>A killed node is downed because its port refuses connections, not after the failure detector's pause.</summary>
public class DeadProcessDowningTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_listening_port_answers_and_a_closed_one_refuses()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Assert.Equal(PortAnswer.Listening, await DeadProcessDowning.ProbeAsync("127.0.0.1", port, TimeSpan.FromSeconds(5)));
        listener.Stop();
        Assert.Equal(PortAnswer.Refused, await DeadProcessDowning.ProbeAsync("127.0.0.1", port, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_killed_node_is_downed_and_removed_long_before_the_failure_detector_would_notice()
    {
        // The failure detector and the resolver are given two minutes here: a removal within one can only come from
        // the refused connection.
        var slow = Path.Combine(Path.GetTempPath(), $"actorfabric-slow-fd-{Guid.NewGuid():N}.conf");
        const string Hocon = """
            akka.cluster.failure-detector.acceptable-heartbeat-pause = 120s
            akka.cluster.split-brain-resolver.stable-after = 120s
            """;
        File.WriteAllText(slow, Hocon);
        int seedPort = InProcessCluster.FreePort();
        var seed = $"127.0.0.1:{seedPort}";
        var nodes = new List<NodeProcess>();
        try
        {
            nodes.Add(NodeProcess.Start(seedPort, seed, "--akka-config", slow));
            nodes.Add(NodeProcess.Start(InProcessCluster.FreePort(), seed, "--akka-config", slow));
            foreach (var n in nodes) await n.WaitUpAsync(TimeSpan.FromSeconds(60));
            await using var watcher = ClusterNode.Start(new ClusterNodeOptions { Seeds = [seed], Roles = [ClusterNode.ControlRole], Extra = ConfigurationFactory.ParseString(Hocon) });
            await watcher.WaitUpAsync(TimeSpan.FromSeconds(60));
            var cluster = Akka.Cluster.Cluster.Get(watcher.System);
            var victim = nodes[1];
            bool VictimIsMember() => cluster.State.Members.Any(m => m.Address.Port == victim.Port);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (!VictimIsMember() && DateTime.UtcNow < deadline) await Task.Delay(100);
            Assert.True(VictimIsMember(), "the second node never joined");

            victim.Kill();
            deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (VictimIsMember() && DateTime.UtcNow < deadline) await Task.Delay(100);
            Assert.False(VictimIsMember(), "the killed node is still a member after 60 s");
            Assert.Contains(cluster.State.Members, m => m.Address.Port == seedPort && m.Status == Akka.Cluster.MemberStatus.Up);
        }
        finally
        {
            foreach (var n in nodes)
            {
                output.WriteLine($"--- node :{n.Port}\n{n.Output}");
                n.Dispose();
            }
            File.Delete(slow);
        }
    }
}
