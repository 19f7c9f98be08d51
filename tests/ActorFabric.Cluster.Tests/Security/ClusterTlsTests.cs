using ActorFabric.Cluster.Security;
using Akka.Actor;
using Akka.Configuration;

namespace ActorFabric.Cluster.Tests.Security;

/// <summary>Real actor systems talking Akka.Remote over TCP on 127.0.0.1.</summary>
public sealed class ClusterTlsTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ShortAsk = TimeSpan.FromSeconds(3);

    private readonly TemporaryFolder _folder = new();
    private readonly List<IDisposable> _nodes = [];

    private ClusterTls ClusterCertificateAt(string name, string password = "lab-password")
    {
        using var created = ClusterCertificate.CreateSelfSigned("CN=" + name, TimeSpan.FromDays(1));
        ClusterCertificate.Export(created, _folder.File(name + ".pfx"), password);
        return ClusterTls.Load(_folder.File(name + ".pfx"), password);
    }

    private RemoteNode Start(RemoteNode node)
    {
        _nodes.Add(node);
        return node;
    }

    [Fact]
    public void Two_nodes_with_the_cluster_certificate_exchange_a_message_over_tls()
    {
        var tls = ClusterCertificateAt("cluster");
        var a = Start(RemoteNode.WithClusterTls("node-a", tls));
        var b = Start(RemoteNode.WithClusterTls("node-b", ClusterTls.Load(_folder.File("cluster.pfx"), "lab-password")));

        var reply = b.AskInbox(a, "hello over tls", Patience).Result;

        Assert.Equal("ack:hello over tls", reply);
        Assert.Equal(["hello over tls"], a.Received);
        Assert.Equal("akka.ssl.tcp", a.Address.Protocol);
    }

    [Fact]
    public void A_node_without_tls_cannot_deliver_to_a_cluster_node_and_the_cluster_node_logs_the_refused_handshake()
    {
        var a = Start(RemoteNode.WithClusterTls("node-a", ClusterCertificateAt("cluster")));
        var plain = Start(RemoteNode.Plain("node-plain"));
        var plainAddressOfA = new Address("akka.tcp", a.Address.System, a.Address.Host, a.Address.Port);

        var ask = plain.AskInbox(plainAddressOfA, "let me in", ShortAsk);

        Assert.True(Eventually.Holds(() => a.Log.Has(RefusedHandshake), Patience), $"no refused handshake in the log of node-a:{Environment.NewLine}{a.Log}");
        Assert.ThrowsAny<Exception>(() => ask.GetAwaiter().GetResult());
        Assert.Empty(a.Received);
    }

    [Fact]
    public void A_node_with_another_self_signed_certificate_is_refused_by_the_pin_and_the_refusal_is_logged()
    {
        var a = Start(RemoteNode.WithClusterTls("node-a", ClusterCertificateAt("cluster")));
        var other = ClusterCertificateAt("other");
        var outsider = Start(RemoteNode.Outsider("node-outsider", other.Certificate));

        var ask = outsider.AskInbox(a, "let me in", ShortAsk);

        Assert.True(Eventually.Holds(() => a.Log.Has(line => line.Contains("is not the cluster certificate", StringComparison.Ordinal)
                                                          && line.Contains(other.Certificate.Thumbprint, StringComparison.Ordinal)), Patience),
            $"no pin refusal in the log of node-a:{Environment.NewLine}{a.Log}");
        Assert.True(Eventually.Holds(() => a.Log.Has(RefusedHandshake), Patience), $"no refused handshake in the log of node-a:{Environment.NewLine}{a.Log}");
        Assert.ThrowsAny<Exception>(() => ask.GetAwaiter().GetResult());
        Assert.Empty(a.Received);
    }

    [Fact]
    public void A_cluster_node_refuses_a_server_with_another_certificate_and_akka_then_stops_the_cluster_node()
    {
        var a = Start(RemoteNode.WithClusterTls("node-a", ClusterCertificateAt("cluster")));
        var other = ClusterCertificateAt("other");
        var outsider = Start(RemoteNode.Outsider("node-outsider", other.Certificate));

        var ask = a.AskInbox(outsider, "are you one of us?", ShortAsk);

        Assert.True(Eventually.Holds(() => a.Log.Has(line => line.Contains("is not the cluster certificate", StringComparison.Ordinal)
                                                          && line.Contains(other.Certificate.Thumbprint, StringComparison.Ordinal)), Patience),
            $"no pin refusal in the log of node-a:{Environment.NewLine}{a.Log}");
        Assert.ThrowsAny<Exception>(() => ask.GetAwaiter().GetResult());
        Assert.Empty(outsider.Received);
        // Akka.Remote 1.5.75 runs CoordinatedShutdown when an outbound TLS handshake fails (TlsHandshakeFailureReason).
        Assert.True(a.System.WhenTerminated.Wait(Patience), "node-a still runs after its outbound handshake failed");
    }

    [Fact]
    public void The_tls_hocon_alone_does_not_start_a_node()
    {
        ClusterCertificateAt("cluster").Certificate.Dispose();
        var config = ClusterTls.ToConfig(_folder.File("cluster.pfx"), "lab-password")
            .WithFallback(ConfigurationFactory.ParseString("akka.actor.provider = remote\nakka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }"));

        var failure = Record.Exception(() =>
        {
            var system = ActorSystem.Create("node-hocon-only", config);
            _nodes.Add(new Terminator(system));
        });

        Assert.NotNull(failure);
        Assert.Contains("Path to SSL certificate was not found", failure.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Akka.Remote's DotNetty handlers log a failed server-side handshake as an error and a warning.</summary>
    private static bool RefusedHandshake(string line) =>
        line.Contains("TLS handshake failed", StringComparison.Ordinal)
        || line.Contains("due to TLS handshake failure", StringComparison.Ordinal);

    public void Dispose()
    {
        foreach (var node in _nodes) node.Dispose();
        _folder.Dispose();
    }

    private sealed class Terminator(ActorSystem system) : IDisposable
    {
        public void Dispose() => system.Terminate().Wait(TimeSpan.FromSeconds(10));
    }
}
