using System.Net;
using ActorFabric.Cli.Bgp.Speaker;

namespace ActorFabric.Interop.Tests.Harness;

/// <summary>
/// FRR as the route reflector (listen range 127/8, cluster id ≠ router id) with two clients: our speaker (connecting
/// from its own address) and GoBGP; both sessions Established when the constructor returns.
/// </summary>
public sealed class FrrReflectorWithOurSpeakerAndGoBgp : IDisposable
{
    readonly List<IDisposable> owned = [];

    public FrrReflectorWithOurSpeakerAndGoBgp(uint asNumber)
    {
        FrrId = Loopback.NextAddress();
        ClusterId = Loopback.NextAddress();
        OurAddress = Loopback.NextAddress();
        var goId = Loopback.NextAddress();
        try
        {
            Frr = Own(FrrBgpd.Start(new FrrBgpdConfig(asNumber, FrrId) { ClusterId = ClusterId, ListenRange = "127.0.0.0/8" }));
            Ours = Own(OurSpeaker.Start(new BgpSpeakerHostOptions
            {
                Asn = asNumber,
                RouterId = OurAddress,
                LocalAddress = OurAddress,
                Peers = [new BgpHostPeer(new IPEndPoint(Frr.ListenAddress, Frr.Port))],
            }));
            GoBgp = Own(GoBgpDaemon.Start(new GoBgpConfig(asNumber, goId)
            {
                Neighbors = [new GoBgpNeighbor(Frr.ListenAddress, asNumber) { RemotePort = Frr.Port, LocalAddress = goId }],
            }));
            Ours.WaitEstablished(Frr.ListenAddress);
            GoBgp.WaitEstablished(Frr.ListenAddress);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public FrrBgpd Frr { get; } = null!;
    public OurSpeaker Ours { get; } = null!;
    public GoBgpDaemon GoBgp { get; } = null!;
    public IPAddress FrrId { get; }
    public IPAddress ClusterId { get; }
    public IPAddress OurAddress { get; }

    /// <summary>What a route we originated must look like at GoBGP: RFC 4456 §8 adds ORIGINATOR_ID and CLUSTER_LIST.</summary>
    public EvpnRoute AsReflectedToGoBgp(EvpnRoute local) =>
        local with { OriginatorId = OurAddress.ToString(), ClusterList = [ClusterId.ToString()] };

    public string Diagnostics() => Ours.Diagnostics() + Frr.Diagnostics() + GoBgp.Diagnostics();

    T Own<T>(T d) where T : IDisposable { owned.Add(d); return d; }

    public void Dispose()
    {
        for (int i = owned.Count - 1; i >= 0; i--) owned[i].Dispose();
        owned.Clear();
    }
}
