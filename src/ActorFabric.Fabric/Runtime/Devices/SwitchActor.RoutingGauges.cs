namespace ActorFabric.Fabric.Runtime.Devices;

// The routing figures of /metrics (actorfabric_routed_packets_total, _routing_drops_total, _gateway_arp_replies_total,
// _glean_requests_total, _ipvrf_routes): published only by devices that route an IP-VRF.
internal sealed partial class SwitchActor
{
    private RoutingGauges? _routingGauges;
    private long _routedVersions = -1;
    // The IP-VRF the counts were taken from: a restart builds new ones, whose versions start again from 0.
    private Protocols.Routing.IpVrf? _countedVrf;
    private TimeSpan _routesCountedAt = TimeSpan.FromSeconds(-1);
    // Recounting sorts every route of every VRF: at most once per emulated second while routes churn (convergence of a
    // large fabric), so the figure trails by up to a second.
    private static readonly TimeSpan RouteCountInterval = TimeSpan.FromSeconds(1);

    private void PublishRoutingGauges()
    {
        if (_ipVrfs.Count == 0) return;
        if (_routingGauges is null)
        {
            _routingGauges = new RoutingGauges();
            Volatile.Write(ref _setup.Gauges.Routing, _routingGauges);
        }
        var g = _routingGauges;
        if (!ReferenceEquals(g.DataPlane, _dataPlane))
        {
            // A restart built a new data plane: what the old one counted joins the base first.
            var old = g.DataPlane;
            Volatile.Write(ref g.DataPlane, null);
            Volatile.Write(ref g.Before, RoutingGauges.Add(g.Before, old));
            Volatile.Write(ref g.DataPlane, _dataPlane);
        }
        long versions = 0;
        foreach (var vrf in _ipVrfs) versions += vrf.Version;
        var now = Now;
        bool rebuilt = !ReferenceEquals(_countedVrf, _ipVrfs[0]);
        if (!rebuilt && (versions == _routedVersions || now - _routesCountedAt < RouteCountInterval)) return;
        _countedVrf = _ipVrfs[0];
        _routedVersions = versions;
        _routesCountedAt = now;
        var routes = new List<(string, string, int)>();
        foreach (var vrf in _ipVrfs)
            foreach (var (source, n) in RouteCounts(vrf)) routes.Add((vrf.Name, source, n));
        Volatile.Write(ref g.Routes, routes);
    }

    private RoutingCounters RoutingCountersNow() =>
        _routingGauges is { } g && ReferenceEquals(g.DataPlane, _dataPlane) ? g.Read() : RoutingGauges.Add(_routingGauges?.Before ?? new(0, 0, 0, new Dictionary<string, long>()), _dataPlane);
}
