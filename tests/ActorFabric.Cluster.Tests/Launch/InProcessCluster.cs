using Akka.Actor;
using Akka.Event;
using ActorFabric.Cluster.Node;

namespace ActorFabric.Cluster.Tests.Launch;

/// <summary>Fabric nodes and a launcher, each its own ActorSystem on 127.0.0.1 with a free port, in this test process.</summary>
internal sealed class InProcessCluster : IAsyncDisposable
{
    private readonly List<ClusterNode> _nodes = [];

    public IReadOnlyList<ClusterNode> Nodes => _nodes;

    public string Seed { get; private set; } = "";

    public static async Task<InProcessCluster> StartAsync(int fabricNodes)
    {
        var cluster = new InProcessCluster();
        int seedPort = FreePort();
        cluster.Seed = $"127.0.0.1:{seedPort}";
        for (int i = 0; i < fabricNodes; i++)
            cluster._nodes.Add(ClusterNode.Start(new ClusterNodeOptions { ListenPort = i == 0 ? seedPort : 0, Seeds = [cluster.Seed] }));
        foreach (var n in cluster._nodes)
        {
            var log = n.System.ActorOf(Props.Create(() => new LogCollector(cluster.Log)));
            n.System.EventStream.Subscribe(log, typeof(Error));
            n.System.EventStream.Subscribe(log, typeof(Warning));
        }
        foreach (var n in cluster._nodes) await n.WaitUpAsync(TimeSpan.FromSeconds(30));
        return cluster;
    }

    /// <summary>Warnings and errors the fabric nodes logged.</summary>
    public List<string> Log { get; } = [];

    private sealed class LogCollector(List<string> log) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (message is LogEvent e) lock (log) log.Add($"{e.LogLevel()} {e.LogSource}: {e.Message}{(e.Cause is { } c ? " — " + c : "")}");
        }
    }

    public ClusterNode StartLauncher() => ClusterNode.Start(new ClusterNodeOptions { Seeds = [Seed], Roles = [ClusterNode.ControlRole] });

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_nodes.Select(n => n.DisposeAsync().AsTask()));
    }

    public static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        int port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
