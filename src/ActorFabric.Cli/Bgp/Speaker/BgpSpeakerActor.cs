using System.Buffers;
using System.Collections;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using ActorFabric.Protocols.Bgp.Session;
using ActorFabric.Protocols.Bgp.Speaker;
using ActorFabric.Protocols.Bgp.Transport;
using ActorFabric.Wire.Bgp;
using static ActorFabric.Cli.Bgp.Speaker.BgpSpeakerMessages;

namespace ActorFabric.Cli.Bgp.Speaker;

/// <summary>
/// The actor that owns the sans-I/O <see cref="BgpSpeaker"/> (so the speaker is never entered concurrently).
/// Accepts, received bytes and connect results arrive as messages from socket tasks; API calls arrive by Ask.
/// After each message it pumps the speaker's outputs: UPDATEs are encoded once per message instance
/// (<see cref="BgpMessageEncoding"/>) and the same byte array is queued to every update-group member, then each
/// connection that got bytes gets one <see cref="Write"/>. It arms one timer (<see cref="IWithTimers"/>) at the
/// speaker's <see cref="BgpSpeaker.PollTimeout"/>. Each TCP connection is a watched child
/// (<see cref="BgpConnectionActor"/>); its termination is the transport closing. Time is a monotonic
/// <see cref="Stopwatch"/> read here and passed as <c>now</c>.
/// </summary>
internal sealed class BgpSpeakerActor : UntypedActor, IWithTimers
{
    private const string PollTimer = "poll";
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);

    private readonly BgpSpeakerHostOptions _options;
    private readonly BgpSpeaker _speaker;
    private readonly BgpSessionConfig _template;
    private readonly IPEndPoint? _listening;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly BgpMessageEncoding _encoding = new();
    private readonly Dictionary<IActorRef, Link> _links = [];
    private readonly Dictionary<BgpPeer, Link> _byPeer = [];
    private readonly Dictionary<int, (BgpPeer Peer, IPEndPoint Endpoint)> _configured = [];
    private readonly HashSet<BgpPeer> _connecting = [];
    private readonly List<Link> _dirty = [];
    private readonly List<BgpPeer> _maybeGone = [];
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Inlet _inlet;
    private readonly BgpSessionLog _log;
    private TimeSpan? _armed;
    private int _loggedRibCount = -1;
    private TimeSpan _lastRouteLog;
    private IActorRef? _stopRequester;

    public BgpSpeakerActor(BgpSpeakerHostOptions options, IPEndPoint? listening)
    {
        _options = options;
        _listening = listening;
        _template = BgpSpeakerHost.SessionTemplate(options);
        _speaker = new BgpSpeaker(options.ToSpeakerConfig(_template));
        _log = new BgpSessionLog(options.JsonLog);
        _inlet = new Inlet(this);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="listening">The bound listening endpoint (the host accepts and tells <see cref="Accepted"/>), for the log.</param>
    public static Props Props(BgpSpeakerHostOptions options, IPEndPoint? listening) =>
        Akka.Actor.Props.Create(typeof(BgpSpeakerActor), options, listening);

    /// <summary>
    /// A connection actor that throws is stopped, not restarted (its socket and read loop cannot start over); its
    /// termination then closes the transport like any other end of the connection.
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    /// <summary>One TCP connection as the speaker sees it: its actor, framing state and this turn's outgoing bytes.</summary>
    private sealed class Link(IActorRef actor, IPEndPoint remote)
    {
        public IActorRef Actor { get; } = actor;
        public IPEndPoint Remote { get; } = remote;
        public BgpPeer? Peer { get; set; }
        public BgpStreamReader Reader { get; } = new();
        public List<ArraySegment<byte>> Batch { get; set; } = [];
    }

    protected override void PreStart()
    {
        var now = _clock.Elapsed;
        foreach (var p in _options.Peers)
        {
            var peer = _speaker.AddPeer(_template with
            {
                PeerAddress = p.Endpoint.Address,
                PeerAs = p.PeerAs ?? _options.Asn,
                RouteReflectorClient = p.RouteReflectorClient,
                Passive = p.Passive,
            }, now, start: false);
            _configured[peer.Id] = (peer, p.Endpoint);
            _speaker.StartPeer(peer, now);
        }
        if (_listening is not null) _log.Listening(_listening);
        Pump(now);
    }

    protected override void PostStop()
    {
        _shutdown.Cancel(); // pending connects give up; their results go to dead letters
    }

    protected override void OnReceive(object message)
    {
        var now = _clock.Elapsed;
        switch (message)
        {
            case Received r: OnReceived(r, now); break;
            case Terminated t: OnConnectionGone(t.ActorRef, now); break;
            case Accepted a: OnAccepted(a.Socket, now); break;
            case Connected c: OnConnected(c, now); break;
            case Tick:
                _armed = null;
                if (_speaker.PollTimeout() is { } due && due <= now) _speaker.HandleTimeout(now);
                if (_stopRequester is not null && now >= _stopDeadline) FinishStop();
                break;
            case Originate o:
                foreach (var r in o.Routes) _speaker.Originate(r.Route, r.Attributes, r.NextHop, now);
                Sender.Tell(o.Routes.Count);
                break;
            case Withdraw w:
                foreach (var r in w.Routes) _speaker.WithdrawOriginated(r.Route, now);
                Sender.Tell(w.Routes.Count);
                break;
            case QueryLocRib q: Sender.Tell(BgpRibJson.ToJson(_speaker.LocRib, q.Filter)); break;
            case QueryPeers: Sender.Tell(Peers()); break;
            case Invoke i:
                try { Sender.Tell(new InvokeResult(i.Action(_speaker, now))); }
                catch (Exception e) { Sender.Tell(new Status.Failure(e)); }
                break;
            case Stop: OnStop(now); break;
            default: Unhandled(message); return;
        }
        Pump(now);
    }

    private TimeSpan _stopDeadline;

    private void OnStop(TimeSpan now)
    {
        if (_stopRequester is not null) { Sender.Tell(Stopped.Instance); return; }
        _stopRequester = Sender;
        _stopDeadline = now + StopGrace;
        _shutdown.Cancel(); // no more connects
        foreach (var p in _speaker.Peers.ToArray()) _speaker.StopPeer(p, now);
        Pump(now);
        foreach (var link in _links.Values) link.Actor.Tell(CloseAfterSend.Instance);
        _byPeer.Clear();
        if (_links.Count == 0) FinishStop();
    }

    private void FinishStop()
    {
        _stopRequester?.Tell(Stopped.Instance);
        _stopDeadline = TimeSpan.MaxValue;
    }

    private BgpPeerSummary[] Peers()
    {
        var list = new BgpPeerSummary[_speaker.Peers.Count];
        for (int i = 0; i < list.Length; i++)
        {
            var p = _speaker.Peers[i];
            list[i] = new BgpPeerSummary(p.Id, p.Address.ToString(), p.State.ToString(), p.IsDynamic, p.AdjRibIn.Count,
                p.Counters.UpdatesReceived, p.Counters.RoutesAnnounced, p.Counters.RoutesWithdrawn,
                p.PeerRouterId is { } routerId ? BgpHostAddress.Format(routerId) : null);
        }
        return list;
    }

    private void OnReceived(Received r, TimeSpan now)
    {
        try
        {
            if (!_links.TryGetValue(r.Connection, out var link) || link.Peer is not { } peer
                || !_byPeer.TryGetValue(peer, out var current) || current != link) return;
            _inlet.Peer = peer;
            _inlet.Now = now;
            link.Reader.Receive(r.Buffer.AsSpan(0, r.Length), _inlet.Options, _inlet);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(r.Buffer);
        }
    }

    private void OnConnectionGone(IActorRef connection, TimeSpan now)
    {
        if (!_links.Remove(connection, out var link)) return;
        if (link.Peer is { } peer && _byPeer.TryGetValue(peer, out var current) && current == link)
        {
            _byPeer.Remove(peer);
            _speaker.TransportClosed(peer, now);
            if (peer.IsDynamic) _maybeGone.Add(peer);
        }
        if (_stopRequester is not null && _links.Count == 0) FinishStop();
    }

    private void OnAccepted(Socket socket, TimeSpan now)
    {
        if (_stopRequester is not null) { socket.Dispose(); return; }
        var remote = BgpConnectionActor.RemoteOf(socket);
        var address = remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address;
        var peer = _speaker.AcceptConnection(address, now);
        if (peer is null)
        {
            _log.Connection("connection_refused", remote, null);
            socket.Dispose();
            return;
        }
        // The session took this connection; a leftover one of the same peer (already given up by the session) goes.
        if (_byPeer.Remove(peer, out var stale)) stale.Actor.Tell(CloseAfterSend.Instance);
        _log.Connection("connection_accepted", remote, peer);
        Attach(peer, socket, remote);
    }

    private void OnConnected(Connected c, TimeSpan now)
    {
        if (!_configured.TryGetValue(c.PeerId, out var configured)) { c.Socket?.Dispose(); return; }
        var peer = configured.Peer;
        _connecting.Remove(peer);
        if (c.Socket is not { } socket)
        {
            if (!peer.Removed && !_byPeer.ContainsKey(peer) && _stopRequester is null) _speaker.TransportFailed(peer, now);
            return;
        }
        if (_stopRequester is not null || peer.Removed || _byPeer.ContainsKey(peer) || !_speaker.TransportConnected(peer, now))
        {
            socket.Dispose();
            return;
        }
        var remote = BgpConnectionActor.RemoteOf(socket);
        _log.Connection("connection_established", remote, peer);
        Attach(peer, socket, remote);
    }

    private void Attach(BgpPeer peer, Socket socket, IPEndPoint remote)
    {
        BgpConnectionActor.Configure(socket);
        var actor = Context.ActorOf(BgpConnectionActor.Props(socket, Self));
        Context.Watch(actor);
        var link = new Link(actor, remote) { Peer = peer };
        _links[actor] = link;
        _byPeer[peer] = link;
    }

    /// <summary>Drain every output of the speaker, hand each connection its bytes, forget dead dynamic peers, re-arm the timer.</summary>
    private void Pump(TimeSpan now)
    {
        while (true)
        {
            while (_speaker.TryPoll(now, out var o))
            {
                switch (o)
                {
                    case BgpTransmit t:
                        if (!_byPeer.TryGetValue(t.Peer, out var link)) break;
                        if (t.Message is NotificationMessage n) _log.Notification("notification_sent", t.Peer, n);
                        if (link.Batch.Count == 0) _dirty.Add(link);
                        link.Batch.Add(new ArraySegment<byte>(_encoding.Encode(t.Message, t.Peer.CodecOptions)));
                        break;
                    case BgpConnectRequested r: Connect(r.Peer); break;
                    case BgpDisconnectRequested d:
                        if (_byPeer.Remove(d.Peer, out var closing)) { Flush(closing); closing.Actor.Tell(CloseAfterSend.Instance); }
                        if (d.Peer.IsDynamic) _maybeGone.Add(d.Peer);
                        break;
                    case BgpPeerStateChanged s: _log.StateChanged(s); break;
                    case BgpPeerRemoved removed:
                        _log.PeerRemoved(removed.Peer);
                        if (_byPeer.Remove(removed.Peer, out var gone)) { Flush(gone); gone.Actor.Tell(CloseAfterSend.Instance); }
                        _configured.Remove(removed.Peer.Id);
                        break;
                }
            }
            if (!ForgetDynamicPeersWithoutConnection(now)) break;
        }
        foreach (var link in _dirty) Flush(link);
        _dirty.Clear();
        LogRouteCounts(now);
        Arm(now);
    }

    /// <summary>
    /// A dynamic peer exists for its connection: once that is gone and the session is not Established (it closed
    /// in OpenSent/OpenConfirm, or went down), it is removed, unless Graceful Restart keeps its routes as stale
    /// (then the speaker forgets it when the stale timer runs out). Otherwise every port scan of the accept range
    /// would leave a peer behind. True when a peer was removed (its outputs need draining).
    /// </summary>
    private bool ForgetDynamicPeersWithoutConnection(TimeSpan now)
    {
        if (_maybeGone.Count == 0) return false;
        if (_stopRequester is not null) { _maybeGone.Clear(); return false; }
        bool removed = false;
        foreach (var peer in _maybeGone)
        {
            if (peer.Removed || _byPeer.ContainsKey(peer) || peer.State == BgpSessionState.Established || peer.StaleDeadline is not null) continue;
            _speaker.RemovePeer(peer, now);
            removed = true;
        }
        _maybeGone.Clear();
        return removed;
    }

    private static void Flush(Link link)
    {
        if (link.Batch.Count == 0) return;
        link.Actor.Tell(new Write(link.Batch));
        link.Batch = [];
    }

    private void Arm(TimeSpan now)
    {
        TimeSpan? due = _speaker.PollTimeout();
        if (_log.Enabled && (due is null || _lastRouteLog + _options.RouteCountLogInterval < due)) due = _lastRouteLog + _options.RouteCountLogInterval;
        if (_stopRequester is not null && _stopDeadline != TimeSpan.MaxValue && (due is null || _stopDeadline < due)) due = _stopDeadline;
        if (due == _armed) return;
        _armed = due;
        if (due is { } d) Timers.StartSingleTimer(PollTimer, Tick.Instance, d > now ? d - now : TimeSpan.Zero);
        else Timers.Cancel(PollTimer);
    }

    private void LogRouteCounts(TimeSpan now)
    {
        if (!_log.Enabled || now - _lastRouteLog < _options.RouteCountLogInterval) return;
        _lastRouteLog = now;
        if (_speaker.LocRib.Count == _loggedRibCount) return;
        _loggedRibCount = _speaker.LocRib.Count;
        _log.RouteCounts(_speaker);
    }

    // ---- socket tasks (thread pool); they only Tell ----

    private void Connect(BgpPeer peer)
    {
        if (_stopRequester is not null || _byPeer.ContainsKey(peer) || !_configured.TryGetValue(peer.Id, out var c) || !_connecting.Add(peer)) return;
        var local = _options.LocalAddress ?? _options.Listen?.Address;
        _ = ConnectAsync(peer.Id, c.Endpoint, local, Self, _shutdown.Token);
    }

    private static async Task ConnectAsync(int peerId, IPEndPoint endpoint, IPAddress? local, IActorRef self, CancellationToken shutdown)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (local is not null && !local.Equals(IPAddress.Any)) socket.Bind(new IPEndPoint(local, 0));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await socket.ConnectAsync(endpoint, timeout.Token).ConfigureAwait(false);
            self.Tell(new Connected(peerId, socket));
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            socket.Dispose();
            self.Tell(new Connected(peerId, null));
        }
    }

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }

    /// <summary>
    /// Feeds framed messages straight into the speaker as the reader produces them, so an OPEN earlier in a chunk
    /// changes the codec options (4-octet AS, extended message) for the messages after it.
    /// </summary>
    private sealed class Inlet : ICollection<BgpDecodeResult>
    {
        private readonly BgpSpeakerActor _owner;
        public Inlet(BgpSpeakerActor owner)
        {
            _owner = owner;
            Options = () => Peer!.CodecOptions;
        }

        public BgpPeer? Peer;
        public TimeSpan Now;
        public readonly Func<BgpCodecOptions> Options;

        public void Add(BgpDecodeResult item)
        {
            var peer = Peer!;
            if (peer.Removed) return;
            switch (item.Message)
            {
                case OpenMessage open: _owner._log.OpenReceived(peer, open); break;
                case NotificationMessage n: _owner._log.Notification("notification_received", peer, n); break;
            }
            if (item.Errors.Length > 0) _owner._log.DecodeErrors(peer, item);
            _owner._speaker.HandleReceived(peer, item, Now);
        }

        public int Count => 0;
        public bool IsReadOnly => false;
        public void Clear() { }
        public bool Contains(BgpDecodeResult item) => false;
        public void CopyTo(BgpDecodeResult[] array, int arrayIndex) { }
        public bool Remove(BgpDecodeResult item) => false;
        public IEnumerator<BgpDecodeResult> GetEnumerator() { yield break; }
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
