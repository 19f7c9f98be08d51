using System.Net;
using ActorFabric.Protocols.Bgp.Session;
using ActorFabric.Protocols.Bgp.Speaker;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Tests.Bgp;

/// <summary>
/// Speakers wired back to back in memory: BgpMessage objects go straight from one speaker's output to the
/// other's input, connect requests are answered by AcceptConnection on the far side, all in virtual time.
/// </summary>
internal sealed class BgpTestNetwork
{
    private readonly Dictionary<string, BgpSpeaker> _speakers = new();
    private readonly Dictionary<string, IPAddress> _addresses = new();
    private readonly Dictionary<(BgpSpeaker, BgpPeer), (BgpSpeaker Speaker, BgpPeer Peer)> _links = new();
    private readonly List<string> _order = [];

    public TimeSpan Now { get; private set; }
    public List<(string From, string To, BgpMessage Message)> Log { get; } = [];
    public List<(string Node, BgpBestPathChanged Change)> BestPathChanges { get; } = [];

    public BgpSpeaker this[string name] => _speakers[name];
    public IPAddress Address(string name) => _addresses[name];

    public BgpSpeaker Add(string name, string ip, bool routeReflector = false, Func<BgpSpeakerConfig, BgpSpeakerConfig>? tweak = null)
    {
        var config = new BgpSpeakerConfig { LocalAs = BgpTestData.Asn, RouterId = BgpTestData.Id(ip), RouteReflector = routeReflector };
        var speaker = new BgpSpeaker(tweak is null ? config : tweak(config));
        if (!_speakers.ContainsKey(name)) _order.Add(name);
        _speakers[name] = speaker;
        _addresses[name] = IPAddress.Parse(ip);
        return speaker;
    }

    /// <summary>Configure a session between two speakers: <paramref name="a"/> actively connects, <paramref name="b"/> is passive unless <paramref name="bothActive"/>.</summary>
    public (BgpPeer OnA, BgpPeer OnB) Peer(string a, string b, bool bIsClientOfA = false, bool aIsClientOfB = false, Func<BgpSessionConfig, BgpSessionConfig>? tweak = null, bool bothActive = false)
    {
        tweak ??= c => c;
        var onA = _speakers[a].AddPeer(tweak(Config(b, bIsClientOfA, passive: false)), Now);
        // b may already know a (a restarted): then only a is configured again.
        var onB = _speakers[b].FindPeer(_addresses[a]) ?? _speakers[b].AddPeer(tweak(Config(a, aIsClientOfB, passive: !bothActive)), Now);
        Pump();
        return (onA, onB);
    }

    private BgpSessionConfig Config(string remote, bool client, bool passive) => new()
    {
        LocalAs = BgpTestData.Asn,
        RouterId = 0,
        PeerAs = BgpTestData.Asn,
        PeerAddress = _addresses[remote],
        RouteReflectorClient = client,
        Passive = passive,
        HoldTime = BgpTestData.S(9),
        ConnectRetryTime = BgpTestData.S(5),
    };

    public BgpPeer PeerOf(string on, string remote) => _speakers[on].FindPeer(_addresses[remote])!;

    /// <summary>Deliver outputs until every speaker is quiet.</summary>
    public void Pump()
    {
        bool progress = true;
        while (progress)
        {
            progress = false;
            foreach (var name in _order.ToArray())
            {
                var speaker = _speakers[name];
                while (speaker.TryPoll(Now, out var output))
                {
                    progress = true;
                    Handle(name, speaker, output);
                }
            }
        }
    }

    private void Handle(string name, BgpSpeaker speaker, BgpSpeakerOutput output)
    {
        switch (output)
        {
            case BgpTransmit t when _links.TryGetValue((speaker, t.Peer), out var far):
                Log.Add((name, NameOf(far.Speaker), t.Message));
                far.Speaker.HandleReceived(far.Peer, BgpDecodeResult.Ok(t.Message), Now);
                break;
            case BgpConnectRequested c:
                // Like a real host, no check whether the request is still wanted: the speakers sort that out.
                var remote = NodeAt(c.Peer.Address);
                var remotePeer = remote?.AcceptConnection(_addresses[name], Now);
                if (remote is null || remotePeer is null) { speaker.TransportFailed(c.Peer, Now); break; }
                _links[(speaker, c.Peer)] = (remote, remotePeer);
                _links[(remote, remotePeer)] = (speaker, c.Peer);
                if (!speaker.TransportConnected(c.Peer, Now))
                {
                    _links.Remove((speaker, c.Peer));
                    _links.Remove((remote, remotePeer));
                    remote.TransportClosed(remotePeer, Now);
                }
                break;
            case BgpDisconnectRequested d when _links.Remove((speaker, d.Peer), out var other):
                _links.Remove((other.Speaker, other.Peer));
                other.Speaker.TransportClosed(other.Peer, Now);
                break;
            case BgpBestPathChanged b:
                BestPathChanges.Add((name, b));
                break;
        }
    }

    /// <summary>Cut the transport between two speakers without any NOTIFICATION (a crash or link loss).</summary>
    public void CutTransport(string a, string b)
    {
        var onA = PeerOf(a, b);
        if (_links.Remove((_speakers[a], onA), out var far))
        {
            _links.Remove((far.Speaker, far.Peer));
            far.Speaker.TransportClosed(far.Peer, Now);
            _speakers[a].TransportClosed(onA, Now);
        }
        Pump();
    }

    /// <summary>A speaker restarts: its state is lost, the far ends see the transport close.</summary>
    public BgpSpeaker Restart(string name, Func<BgpSpeakerConfig, BgpSpeakerConfig>? tweak = null)
    {
        var old = _speakers[name];
        foreach (var key in _links.Keys.Where(k => k.Item1 == old).ToList())
        {
            var far = _links[key];
            _links.Remove(key);
            _links.Remove((far.Speaker, far.Peer));
            far.Speaker.TransportClosed(far.Peer, Now);
        }
        var ip = _addresses[name].ToString();
        var fresh = Add(name, ip, old.Config.RouteReflector, c => tweak is null ? c with { RouteReflector = old.Config.RouteReflector } : tweak(c));
        Pump();
        return fresh;
    }

    /// <summary>Move virtual time to <paramref name="until"/>, firing every timer on the way.</summary>
    public void Advance(TimeSpan until)
    {
        while (true)
        {
            TimeSpan? next = null;
            foreach (var s in _speakers.Values)
                if (s.PollTimeout() is { } t && (next is null || t < next)) next = t;
            if (next is null || next > until) break;
            Now = next.Value < Now ? Now : next.Value;
            foreach (var name in _order) _speakers[name].HandleTimeout(Now);
            Pump();
        }
        Now = until;
    }

    public void Advance(double seconds) => Advance(Now + BgpTestData.S(seconds));

    public List<BgpMessage> Received(string to, string? from = null) =>
        Log.Where(l => l.To == to && (from is null || l.From == from)).Select(l => l.Message).ToList();

    public List<EvpnRoute> AnnouncedTo(string to, string? from = null) =>
        Received(to, from).OfType<UpdateMessage>().Where(u => u.MpReach is not null).SelectMany(u => u.MpReach!.EvpnRoutes).ToList();

    public List<EvpnRoute> WithdrawnTo(string to, string? from = null) =>
        Received(to, from).OfType<UpdateMessage>().Where(u => u.MpUnreach is not null).SelectMany(u => u.MpUnreach!.EvpnRoutes).ToList();

    private BgpSpeaker? NodeAt(IPAddress address)
    {
        foreach (var (name, ip) in _addresses) if (ip.Equals(address)) return _speakers[name];
        return null;
    }

    private string NameOf(BgpSpeaker speaker)
    {
        foreach (var (name, s) in _speakers) if (ReferenceEquals(s, speaker)) return name;
        return "?";
    }
}
