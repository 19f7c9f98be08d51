using System.Globalization;
using ActorFabric.Cli.Control;

namespace ActorFabric.Cli.Up;

/// <summary>The <c>--prometheus</c> option of <c>actorfabric up</c>: checked before the fabric starts, started once the control API listens.</summary>
internal static class UpPrometheus
{
    /// <summary>Null when Prometheus can be started, else the message (starting with "--" for a usage error).</summary>
    public static string? Problem(bool willServe, int port)
    {
        if (port is < 0 or > 65535) return $"--prometheus-port {port.ToString(CultureInfo.InvariantCulture)} is out of range (0..65535; 0 picks a free port)";
        // Prometheus scrapes the control API, which only runs while `up` serves it.
        if (!willServe) return "--prometheus needs the control API: drop --exit-when-converged, or add --serve when there is no terminal (or CI is set)";
        return LocalPrometheus.Missing();
    }

    /// <summary>Prometheus scraping <paramref name="server"/>'s /metrics, or null (the reason written to <paramref name="error"/>).</summary>
    public static async Task<LocalPrometheus?> StartAsync(ControlApiServer server, System.Net.IPAddress apiAddress, int port, TextWriter error, CancellationToken ct)
    {
        if (port == LocalPrometheus.DefaultPort && !LocalPrometheus.PortFree(port))
        {
            error.WriteLine($"actorfabric: 127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)} is busy (another Prometheus?): Prometheus gets a free port");
            port = 0;
        }
        bool loopback = System.Net.IPAddress.IsLoopback(apiAddress);
        // Uri.Host keeps the brackets of an IPv6 address, as a Prometheus target needs them.
        var target = $"{server.Address.Host}:{server.Address.Port.ToString(CultureInfo.InvariantCulture)}";
        try
        {
            return await LocalPrometheus.StartAsync(LocalPrometheus.Config(target, loopback ? null : server.Token), port, ct: ct).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            error.WriteLine($"actorfabric: cannot start Prometheus: {e.Message}");
            return null;
        }
    }
}
