using System.Net;
using ActorFabric.Cli.Bgp.Speaker;
using ActorFabric.Protocols.Bgp.Rib;
using ActorFabric.Protocols.Bgp.Session;
using ActorFabric.Wire.Bgp;
using EvpnWire = ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Interop.Tests.Harness;

/// <summary>
/// Our own speaker, in-process: the same <see cref="BgpSpeakerHost"/> the <c>actorfabric bgp speaker</c> CLI runs,
/// on a 127.x address, with its Loc-RIB read back as the harness's neutral <see cref="EvpnRoute"/> so it compares
/// field by field with what GoBGP and FRR print.
/// </summary>
public sealed class OurSpeaker : IDisposable
{
    OurSpeaker(BgpSpeakerHost host) => Host = host;

    public BgpSpeakerHost Host { get; }
    public IPAddress RouterId => Host.Options.RouterId;
    public IPAddress Address => Host.Options.LocalAddress ?? Host.Options.Listen?.Address ?? RouterId;
    public IPEndPoint? ListenEndpoint => Host.ListenEndpoint;

    /// <summary>Starts a host with <paramref name="options"/> (its JSON session log kept for diagnostics).</summary>
    public static OurSpeaker Start(BgpSpeakerHostOptions options)
    {
        var writer = new StringWriter();
        var host = new BgpSpeakerHost(options with { JsonLog = TextWriter.Synchronized(writer) });
        var speaker = new OurSpeaker(host);
        speaker.logWriter = writer;
        host.Start();
        return speaker;
    }

    StringWriter? logWriter;

    /// <summary>
    /// A route reflector (RFC 4456) listening on a free port of <paramref name="address"/>, accepting any 127/8 peer as
    /// a client, with its own <paramref name="clusterId"/>; <paramref name="peers"/> are configured neighbours.
    /// </summary>
    public static OurSpeaker StartReflector(uint asNumber, IPAddress address, IPAddress clusterId, params BgpHostPeer[] peers) =>
        Start(new BgpSpeakerHostOptions
        {
            Asn = asNumber,
            RouterId = address,
            ClusterId = clusterId,
            Listen = new IPEndPoint(address, Loopback.FreeTcpPort(address)),
            AcceptRanges = ["127.0.0.0/8"],
            RouteReflector = true,
            Peers = peers,
        });

    public IReadOnlyList<EvpnRoute> GetEvpnRib() =>
        Host.Invoke(s =>
        {
            var list = new List<EvpnRoute>();
            foreach (var p in s.LocRib.BestPaths) list.Add(ToHarness(p));
            return list;
        });

    public BgpSessionState? PeerState(IPAddress address) =>
        Host.Invoke(s => s.FindPeer(address)?.State);

    public void WaitEstablished(IPAddress peer, TimeSpan? within = null) =>
        ProcessRunner.Eventually(() => PeerState(peer) == BgpSessionState.Established,
            within ?? TimeSpan.FromSeconds(30), $"our speaker's session with {peer} to be Established", Diagnostics);

    public void Originate(params EvpnRouteSpec[] routes) => Host.OriginateAsync(routes).Wait(TimeSpan.FromSeconds(10));

    public void Withdraw(params EvpnRouteSpec[] routes) => Host.WithdrawAsync(routes).Wait(TimeSpan.FromSeconds(10));

    public string Diagnostics()
    {
        var text = logWriter?.ToString() ?? "";
        var lines = text.Split('\n');
        var tail = string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 40)));
        string rib;
        try { rib = string.Join("\n  ", GetEvpnRib()); } catch (Exception e) when (e is TimeoutException or AggregateException) { rib = e.Message; }
        return $"\n--- our speaker {RouterId} log tail ---\n{tail}\n--- our Loc-RIB ---\n  {rib}\n";
    }

    /// <summary>Our Loc-RIB path in the harness's neutral form (same conventions as the GoBGP and FRR readers).</summary>
    public static EvpnRoute ToHarness(BgpPath path)
    {
        var a = path.Attributes;
        var rts = new List<string>();
        string? encap = null, routerMac = null;
        foreach (var c in a.ExtendedCommunities)
        {
            if (c.IsRouteTarget) rts.Add(c.ToString());
            else if (c.IsEncapsulation) encap = GoBgpEvpnJson.EncapsulationName(c.EncapsulationTunnelType);
            // RFC 9135 §8.1: only the first Router's MAC counts.
            else if (c.IsRoutersMac) routerMac ??= new ActorFabric.Wire.Packets.MacAddress(c.Value48).ToString();
        }
        var clusters = new List<string>();
        foreach (var id in a.ClusterList) clusters.Add(BgpHostAddress.Format(id));
        PmsiTunnel? pmsi = a.PmsiTunnel is { } t
            ? new PmsiTunnel(t.TunnelType, t.Label, t.Endpoint?.ToString(), (t.Flags & ActorFabric.Wire.Bgp.PmsiTunnel.FlagLeafInformationRequired) != 0)
            : null;
        var r = new EvpnRoute
        {
            RouteType = path.Route.RouteTypeCode,
            RouteDistinguisher = path.Route.Rd.ToString(),
            NextHop = path.NextHop.ToString(),
            OriginatorId = a.OriginatorId is { } o ? BgpHostAddress.Format(o) : null,
            ClusterList = clusters,
            RouteTargets = rts,
            Encapsulation = encap,
            Pmsi = pmsi,
            RouterMac = routerMac,
            LearnedFrom = path.Source.IsLocal ? null : path.Source.Address.ToString(),
        };
        return path.Route switch
        {
            EvpnWire.MacIpAdvertisementRoute m => r with
            {
                Esi = m.Esi.IsZero ? null : m.Esi.ToString(),
                EthernetTag = m.EthernetTag,
                Mac = m.Mac.ToString(),
                Ip = m.Ip?.ToString(),
                Labels = m.Label2 is { } l2 ? [m.Label1, l2] : [m.Label1],
            },
            EvpnWire.InclusiveMulticastRoute i => r with { EthernetTag = i.EthernetTag, Ip = i.OriginatorIp.ToString() },
            EvpnWire.IpPrefixRoute p => r with
            {
                Esi = p.Esi.IsZero ? null : p.Esi.ToString(),
                EthernetTag = p.EthernetTag,
                Ip = $"{p.Prefix}/{p.PrefixLength}",
                Gateway = p.Gateway.Equals(IPAddress.Any) || p.Gateway.Equals(IPAddress.IPv6Any) ? null : p.Gateway.ToString(),
                Labels = [p.Label],
            },
            _ => r,
        };
    }

    public void Dispose() => Host.Dispose();
}
