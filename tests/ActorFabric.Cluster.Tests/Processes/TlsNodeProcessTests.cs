using ActorFabric.Cluster.Tests.Infrastructure;
using ActorFabric.Cluster.Security;
using ActorFabric.Cluster.Tests.Launch;

namespace ActorFabric.Cluster.Tests.Processes;

/// <summary>`actorfabric node --tls-cert`: nodes with the cluster certificate form a cluster; a node without it is refused, and the refusal is logged.</summary>
[Collection(PostgresCollection.Name)]
public class TlsNodeProcessTests
{
    [Fact]
    public async Task A_node_without_the_cluster_certificate_is_refused_and_the_refusal_is_logged()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"actorfabric-tls-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var pfx = Path.Combine(folder, "cluster.pfx");
        ClusterCertificate.Export(ClusterCertificate.CreateSelfSigned("actorfabric-test", TimeSpan.FromDays(1)), pfx, "secret");
        int seedPort = InProcessCluster.FreePort();
        var seed = $"127.0.0.1:{seedPort}";
        using var first = NodeProcess.Start(seedPort, seed, "--tls-cert", pfx, "--tls-password", "secret");
        using var second = NodeProcess.Start(InProcessCluster.FreePort(), seed, "--tls-cert", pfx, "--tls-password", "secret");
        await first.WaitUpAsync(TimeSpan.FromSeconds(60));
        await second.WaitUpAsync(TimeSpan.FromSeconds(60));

        using var outsider = NodeProcess.Start(InProcessCluster.FreePort(), seed);
        // The seed logs the refused handshake; the outsider never gets up.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!first.Output.Contains("TLS handshake failed", StringComparison.Ordinal) && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Contains("TLS handshake failed", first.Output);
        Assert.DoesNotContain(": up", outsider.Output);
        Directory.Delete(folder, recursive: true);
    }
}
