using System.Net;
using ActorFabric.Cluster.Node;
using ActorFabric.Fabric.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ActorFabric.Cli.Cluster;

/// <summary>
/// A fabric node's HTTP endpoint: <c>/metrics</c> (Prometheus text: the gauges of the devices, links and hosts this
/// node runs, and its cross-node traffic) and <c>/healthz</c> (200 while the node is a cluster member).
/// </summary>
internal sealed class NodeHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private NodeHttpServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<NodeHttpServer> StartAsync(HostPort listen, Func<ClusterNode?> node, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        var address = listen.Host is "localhost" ? IPAddress.Loopback : IPAddress.Parse(listen.Host == "0.0.0.0" ? "0.0.0.0" : listen.Host);
        builder.WebHost.UseKestrel(k => k.Listen(address, listen.Port));
        var app = builder.Build();
        app.MapGet("/metrics", () => Results.Text(node()?.ScrapeMetrics() ?? "", PrometheusTextWriter.ContentType));
        app.MapGet("/healthz", () => node() is { IsMember: true } ? Results.Text("ok\n") : Results.Text("not a cluster member\n", statusCode: 503));
        await app.StartAsync(ct).ConfigureAwait(false);
        var bound = new Uri(app.Urls.First());
        var shown = listen.Host == "0.0.0.0" ? new UriBuilder(bound) { Host = Environment.MachineName }.Uri : bound;
        return new NodeHttpServer(app, shown);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
