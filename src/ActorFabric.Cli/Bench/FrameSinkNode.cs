using Akka.Actor;
using ActorFabric.Cli.Cluster;
using ActorFabric.Cluster.Node;

namespace ActorFabric.Cli.Bench;

/// <summary>
/// The second process of <c>bench cluster</c>'s remote-frame measurement (<c>bench cluster --serve-sink HOST:PORT</c>,
/// started by the benchmark): a cluster node of its own (the seed) with the fabric's relay (FrameRelay) at
/// /user/relay, which unpacks each arriving batch frame by frame into a <see cref="FrameSink"/> at /user/sink. It runs
/// until its standard input closes (the benchmark ended or died) or Ctrl-C.
/// </summary>
internal static class FrameSinkNode
{
    public const string UpMarker = ": sink up";

    public static async Task<int> RunAsync(HostPort listen, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var config = FrameSink.NodeConfig(new ClusterNodeOptions
        {
            ListenHost = listen.Host,
            ListenPort = listen.Port,
            Seeds = [listen.ToString()],
            Roles = [ClusterNode.FabricRole],
        });
        var system = ActorSystem.Create(ClusterNode.SystemName, config);
        try
        {
            var sink = system.ActorOf(Props.Create(() => new FrameSink()), "sink");
            system.ActorOf(RelayInternals.FrameRelay(sink, false), "relay");
            var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
            await up.Task.WaitAsync(TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
            output.WriteLine($"{Akka.Cluster.Cluster.Get(system).SelfAddress}{UpMarker}");
            output.Flush();
            var stdinClosed = Task.Run(() =>
            {
                using var stdin = Console.OpenStandardInput();
                var buffer = new byte[256];
                while (stdin.Read(buffer, 0, buffer.Length) > 0)
                {
                }
            }, CancellationToken.None);
            await Task.WhenAny(stdinClosed, system.WhenTerminated, Task.Delay(Timeout.Infinite, ct)).ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            error.WriteLine($"actorfabric: frame sink on {listen}: {e.Message}");
            return 1;
        }
        finally
        {
            await Task.WhenAny(system.Terminate(), Task.Delay(TimeSpan.FromSeconds(10), CancellationToken.None)).ConfigureAwait(false);
        }
    }
}
