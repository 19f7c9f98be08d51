using System.Net;
using System.Text;

namespace ActorFabric.Interop.Tests.Harness;

/// <summary>
/// A ready-made topology: FRR bgpd as iBGP route reflector accepting any 127/8 peer through
/// `bgp listen range` (RFC 4456 clients), and two gobgpd clients that connect to it from their own
/// loopback addresses. The constructor returns with both sessions Established on both sides.
/// Later tests can put our speaker in place of either client.
/// </summary>
public sealed class FrrReflectorWithGoBgpClients : IDisposable
{
    public const uint As = 65000;

    readonly List<IDisposable> owned = new();

    public FrrBgpd Reflector { get; }
    public GoBgpDaemon ClientA { get; }
    public GoBgpDaemon ClientB { get; }
    public IPAddress ClusterId { get; }

    /// <param name="beforeClients">Runs after the reflector listens and before the clients start (e.g. to start a capture on <see cref="FrrBgpd.Port"/>).</param>
    public FrrReflectorWithGoBgpClients(Action<FrrBgpd>? beforeClients = null)
    {
        try
        {
            var rrId = Loopback.NextAddress();
            ClusterId = Loopback.NextAddress();
            Reflector = Own(FrrBgpd.Start(new FrrBgpdConfig(As, rrId)
            {
                ClusterId = ClusterId,
                ListenRange = "127.0.0.0/8",
            }));
            beforeClients?.Invoke(Reflector);
            ClientA = Own(StartClient(Loopback.NextAddress()));
            ClientB = Own(StartClient(Loopback.NextAddress()));
            var within = TimeSpan.FromSeconds(30); // GoBGP's first connect waits up to its 5 s retry floor
            ClientA.WaitEstablished(Reflector.ListenAddress, within);
            ClientB.WaitEstablished(Reflector.ListenAddress, within);
            Reflector.WaitEstablished(ClientA.RouterId, within);
            Reflector.WaitEstablished(ClientB.RouterId, within);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    GoBgpDaemon StartClient(IPAddress id) =>
        GoBgpDaemon.Start(new GoBgpConfig(As, id)
        {
            Neighbors = [new GoBgpNeighbor(Reflector.ListenAddress, As) { RemotePort = Reflector.Port, LocalAddress = id }],
        });

    T Own<T>(T d) where T : IDisposable
    {
        owned.Add(d);
        return d;
    }

    /// <summary>Everything the three daemons can tell, for a failure message.</summary>
    public string Diagnostics()
    {
        var sb = new StringBuilder();
        foreach (var d in owned)
        {
            switch (d)
            {
                case FrrBgpd f: sb.AppendLine(f.Diagnostics()); break;
                case GoBgpDaemon g: sb.AppendLine(g.Diagnostics()); break;
            }
        }
        return sb.ToString();
    }

    public void Dispose()
    {
        for (var i = owned.Count - 1; i >= 0; i--) owned[i].Dispose();
        owned.Clear();
    }
}
