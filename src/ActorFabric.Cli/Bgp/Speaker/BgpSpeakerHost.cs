using System.Buffers;
using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ActorFabric.Protocols.Bgp.Session;
using ActorFabric.Protocols.Bgp.Speaker;
using ActorFabric.Protocols.Bgp.Transport;
using ActorFabric.Wire.Bgp;

namespace ActorFabric.Cli.Bgp.Speaker;

/// <summary>
/// Runs the sans-I/O <see cref="BgpSpeaker"/> over real TCP. One loop thread owns the speaker (it is never
/// entered concurrently): socket reads, accepts, connects and API calls are queued as events; each loop turn
/// processes a batch of them, fires due timers, drains the speaker's outputs and writes every connection's
/// bytes for that turn with one gathered send. UPDATEs are encoded once per message instance
/// (<see cref="BgpMessageEncoding"/>), so a reflector writes the same byte array to every client.
/// Time is the host's monotonic clock (<see cref="Stopwatch"/>); the protocol core only ever sees it as an argument.
/// </summary>
public sealed class BgpSpeakerHost : IDisposable
{
    private const int EventsPerTurn = 64;
    private const int ReceiveBufferSize = 256 * 1024;

    private readonly BgpSpeakerHostOptions _options;
    private readonly BgpSpeaker _speaker;
    private readonly BgpSessionConfig _template;
    private readonly ConcurrentQueue<BgpHostEvent> _events = new();
    private readonly AutoResetEvent _signal = new(false);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly BgpMessageEncoding _encoding = new();
    private readonly Dictionary<BgpPeer, BgpConnection> _byPeer = [];
    private readonly Dictionary<BgpPeer, IPEndPoint> _endpoints = [];
    private readonly HashSet<BgpPeer> _connecting = [];
    private readonly List<BgpConnection> _dirty = [];
    private readonly List<BgpConnection> _live = [];   // every connection handed out (loop thread; read by Dispose after the loop ended)
    private readonly Inlet _inlet;
    private readonly BgpSessionLog _log;
    private readonly CancellationTokenSource _shutdown = new();
    private Socket? _listener;
    private Thread? _loop;
    private long _nextConnectionId;
    private volatile bool _stopped;
    private int _loggedRibCount = -1;
    private TimeSpan _lastRouteLog;

    public BgpSpeakerHost(BgpSpeakerHostOptions options)
    {
        _options = options;
        _template = new BgpSessionConfig
        {
            LocalAs = options.Asn,
            RouterId = BgpHostAddress.ToUInt(options.RouterId),
            PeerAs = options.Asn,
            HoldTime = options.HoldTime,
            ConnectRetryTime = options.ConnectRetryTime,
            AdvertiseExtendedMessage = options.ExtendedMessage,
        };
        _speaker = new BgpSpeaker(options.ToSpeakerConfig(_template));
        _log = new BgpSessionLog(options.JsonLog);
        _inlet = new Inlet(this);
    }

    /// <summary>The bound listening endpoint (with the real port when 0 was asked for); null without a listener.</summary>
    public IPEndPoint? ListenEndpoint { get; private set; }
    public BgpSpeakerHostOptions Options => _options;

    /// <summary>Bind the listener (throws if the port is taken), configure the peers and start the loop thread.</summary>
    public void Start()
    {
        if (_loop is not null) throw new InvalidOperationException("already started");
        if (_options.Listen is { } listen)
        {
            var socket = new Socket(listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(listen);
            socket.Listen(512);
            _listener = socket;
            ListenEndpoint = (IPEndPoint)socket.LocalEndPoint!;
            _ = AcceptLoopAsync(socket);
        }
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
            _endpoints[peer] = p.Endpoint;
            _speaker.StartPeer(peer, now);
        }
        _loop = new Thread(Run) { IsBackground = true, Name = "bgp-speaker-loop" };
        _loop.Start();
        if (ListenEndpoint is not null) Post(new BgpHostEvent.Invoke((_, _) => _log.Listening(ListenEndpoint)));
    }

    // ---- API (any thread) ----

    /// <summary>Run <paramref name="action"/> on the loop thread against the speaker and return its result.</summary>
    public Task<T> InvokeAsync<T>(Func<BgpSpeaker, TimeSpan, T> action)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_stopped) { done.SetException(new ObjectDisposedException(nameof(BgpSpeakerHost))); return done.Task; }
        Post(new BgpHostEvent.Invoke((speaker, now) =>
        {
            try { done.SetResult(action(speaker, now)); }
            catch (Exception e) { done.SetException(e); }
        }));
        return done.Task;
    }

    /// <summary>Blocking form of <see cref="InvokeAsync{T}"/> (tests, CLI), with a deadline.</summary>
    public T Invoke<T>(Func<BgpSpeaker, T> action, TimeSpan? within = null)
    {
        var task = InvokeAsync((s, _) => action(s));
        if (!task.Wait(within ?? TimeSpan.FromSeconds(30))) throw new TimeoutException("the speaker loop did not answer");
        return task.Result;
    }

    /// <summary>Originate (or replace) routes; returns how many.</summary>
    public Task<int> OriginateAsync(IReadOnlyList<EvpnRouteSpec> routes)
    {
        var bound = Bind(routes);
        return InvokeAsync((s, now) =>
        {
            foreach (var r in bound) s.Originate(r.Route, r.Attributes, r.NextHop, now);
            return bound.Count;
        });
    }

    /// <summary>Withdraw routes we originated (matched by route key); returns how many were named.</summary>
    public Task<int> WithdrawAsync(IReadOnlyList<EvpnRouteSpec> routes)
    {
        var bound = Bind(routes);
        return InvokeAsync((s, now) =>
        {
            foreach (var r in bound) s.WithdrawOriginated(r.Route, now);
            return bound.Count;
        });
    }

    public Task<string> LocRibJsonAsync(BgpRibFilter filter) => InvokeAsync((s, _) => BgpRibJson.ToJson(s.LocRib, filter));

    public Task<BgpPeerSummary[]> PeersAsync() => InvokeAsync((s, _) =>
    {
        var list = new BgpPeerSummary[s.Peers.Count];
        for (int i = 0; i < list.Length; i++)
        {
            var p = s.Peers[i];
            list[i] = new BgpPeerSummary(p.Id, p.Address.ToString(), p.State.ToString(), p.IsDynamic, p.AdjRibIn.Count,
                p.Counters.UpdatesReceived, p.Counters.RoutesAnnounced, p.Counters.RoutesWithdrawn,
                p.Session.PeerOpen is null ? null : BgpHostAddress.Format(p.Session.PeerRouterId));
        }
        return list;
    });

    private List<EvpnOrigination> Bind(IReadOnlyList<EvpnRouteSpec> routes)
    {
        var nextHop = _options.LocalAddress ?? _options.RouterId;
        var bound = new List<EvpnOrigination>(routes.Count);
        foreach (var r in routes) bound.Add(r.ToOrigination(nextHop));
        return bound;
    }

    /// <summary>Send Cease to every peer, close every connection and stop the loop.</summary>
    public void Dispose()
    {
        if (_loop is null || _stopped) { _listener?.Dispose(); return; }
        Post(new BgpHostEvent.Stop());
        _loop.Join(TimeSpan.FromSeconds(10));
        // Give the Cease NOTIFICATIONs a moment to leave before the process may exit.
        var flush = Stopwatch.StartNew();
        while (flush.Elapsed < TimeSpan.FromSeconds(2) && _live.Exists(c => !c.IsClosed)) Thread.Sleep(10);
        foreach (var c in _live) c.Close();
        _shutdown.Cancel();
        _listener?.Dispose();
    }

    // ---- loop ----

    private void Post(BgpHostEvent e)
    {
        _events.Enqueue(e);
        _signal.Set();
    }

    private void Run()
    {
        while (!_stopped)
        {
            var now = _clock.Elapsed;
            for (int i = 0; i < EventsPerTurn && _events.TryDequeue(out var e); i++)
            {
                Handle(e, now);
                if (_stopped) break;
            }
            if (_speaker.PollTimeout() is { } due && due <= now) _speaker.HandleTimeout(now);
            DrainOutputs();
            LogRouteCounts(now);
            if (!_events.IsEmpty || _stopped) continue;
            var wait = _options.RouteCountLogInterval;
            if (_speaker.PollTimeout() is { } next) { var d = next - _clock.Elapsed; if (d < wait) wait = d; }
            if (wait > TimeSpan.Zero) _signal.WaitOne(wait);
        }
        foreach (var c in _byPeer.Values) c.CloseAfterSend();
        _byPeer.Clear();
        // Calls queued behind the stop still get an answer (the speaker is intact, just disconnected).
        while (_events.TryDequeue(out var late))
        {
            if (late is BgpHostEvent.Invoke i) i.Action(_speaker, _clock.Elapsed);
            else if (late is BgpHostEvent.Received r) ArrayPool<byte>.Shared.Return(r.Buffer);
            else if (late is BgpHostEvent.Accepted a) a.Socket.Dispose();
            else if (late is BgpHostEvent.Connected { Socket: { } s }) s.Dispose();
        }
    }

    private void Handle(BgpHostEvent e, TimeSpan now)
    {
        switch (e)
        {
            case BgpHostEvent.Received r: OnReceived(r, now); break;
            case BgpHostEvent.Accepted a: OnAccepted(a.Socket, now); break;
            case BgpHostEvent.Connected c: OnConnected(c.Peer, c.Socket, now); break;
            case BgpHostEvent.Closed c:
                if (c.Connection.Peer is { } peer && _byPeer.TryGetValue(peer, out var current) && current == c.Connection)
                {
                    _byPeer.Remove(peer);
                    _speaker.TransportClosed(peer, now);
                }
                c.Connection.Close();
                break;
            case BgpHostEvent.Invoke i: i.Action(_speaker, now); break;
            case BgpHostEvent.Stop:
                foreach (var p in _speaker.Peers.ToArray()) _speaker.StopPeer(p, now);
                DrainOutputs();
                _stopped = true;
                break;
        }
    }

    private void OnReceived(BgpHostEvent.Received r, TimeSpan now)
    {
        var c = r.Connection;
        try
        {
            if (c.IsClosed || c.Peer is not { } peer || !_byPeer.TryGetValue(peer, out var current) || current != c) return;
            _inlet.Peer = peer;
            _inlet.Now = now;
            c.Reader.Receive(r.Buffer.AsSpan(0, r.Length), _inlet.Options, _inlet);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(r.Buffer);
        }
    }

    private void OnAccepted(Socket socket, TimeSpan now)
    {
        var connection = new BgpConnection(socket, ++_nextConnectionId);
        var peer = _speaker.AcceptConnection(connection.RemoteAddress, now);
        if (peer is null)
        {
            _log.Connection("connection_refused", connection.Remote, null);
            connection.Close();
            return;
        }
        // The session took this connection; a leftover one of the same peer (already given up by the session) goes.
        if (_byPeer.Remove(peer, out var stale)) stale.Close();
        _log.Connection("connection_accepted", connection.Remote, peer);
        Attach(peer, connection);
    }

    private void OnConnected(BgpPeer peer, Socket? socket, TimeSpan now)
    {
        _connecting.Remove(peer);
        if (socket is null)
        {
            if (!peer.Removed && !_byPeer.ContainsKey(peer)) _speaker.TransportFailed(peer, now);
            return;
        }
        var connection = new BgpConnection(socket, ++_nextConnectionId);
        if (peer.Removed || _byPeer.ContainsKey(peer) || !_speaker.TransportConnected(peer, now))
        {
            connection.Close();
            return;
        }
        _log.Connection("connection_established", connection.Remote, peer);
        Attach(peer, connection);
    }

    private void Attach(BgpPeer peer, BgpConnection connection)
    {
        _live.RemoveAll(c => c.IsClosed);
        _live.Add(connection);
        connection.Peer = peer;
        _byPeer[peer] = connection;
        _ = ReceiveLoopAsync(connection);
    }

    private void DrainOutputs()
    {
        while (_speaker.TryPoll(_clock.Elapsed, out var o))
        {
            switch (o)
            {
                case BgpTransmit t:
                    if (!_byPeer.TryGetValue(t.Peer, out var c)) break;
                    if (t.Message is NotificationMessage n) _log.Notification("notification_sent", t.Peer, n);
                    if (!c.HasBatch) _dirty.Add(c);
                    c.Append(_encoding.Encode(t.Message, t.Peer.CodecOptions));
                    break;
                case BgpConnectRequested r: Connect(r.Peer); break;
                case BgpDisconnectRequested d:
                    if (_byPeer.Remove(d.Peer, out var closing)) closing.CloseAfterSend();
                    break;
                case BgpPeerStateChanged s: _log.StateChanged(s); break;
                case BgpPeerRemoved removed:
                    _log.PeerRemoved(removed.Peer);
                    if (_byPeer.Remove(removed.Peer, out var gone)) gone.CloseAfterSend();
                    _endpoints.Remove(removed.Peer);
                    break;
            }
        }
        foreach (var c in _dirty) c.Flush();
        _dirty.Clear();
    }

    private void LogRouteCounts(TimeSpan now)
    {
        if (!_log.Enabled || _speaker.LocRib.Count == _loggedRibCount || now - _lastRouteLog < _options.RouteCountLogInterval) return;
        _loggedRibCount = _speaker.LocRib.Count;
        _lastRouteLog = now;
        _log.RouteCounts(_speaker);
    }

    // ---- sockets (thread pool) ----

    private void Connect(BgpPeer peer)
    {
        if (_byPeer.ContainsKey(peer) || !_endpoints.TryGetValue(peer, out var endpoint) || !_connecting.Add(peer)) return;
        var local = _options.LocalAddress ?? _options.Listen?.Address;
        _ = ConnectAsync(peer, endpoint, local);
    }

    private async Task ConnectAsync(BgpPeer peer, IPEndPoint endpoint, IPAddress? local)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (local is not null && !local.Equals(IPAddress.Any)) socket.Bind(new IPEndPoint(local, 0));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await socket.ConnectAsync(endpoint, timeout.Token).ConfigureAwait(false);
            Post(new BgpHostEvent.Connected(peer, socket));
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            socket.Dispose();
            Post(new BgpHostEvent.Connected(peer, null));
        }
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        try
        {
            while (true)
            {
                var socket = await listener.AcceptAsync(_shutdown.Token).ConfigureAwait(false);
                Post(new BgpHostEvent.Accepted(socket));
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException) { }
    }

    private async Task ReceiveLoopAsync(BgpConnection connection)
    {
        var buffer = new byte[ReceiveBufferSize];
        try
        {
            while (true)
            {
                int n = await connection.Socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).ConfigureAwait(false);
                if (n == 0) break;
                var chunk = ArrayPool<byte>.Shared.Rent(n);
                buffer.AsSpan(0, n).CopyTo(chunk);
                Post(new BgpHostEvent.Received(connection, chunk, n));
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        Post(new BgpHostEvent.Closed(connection));
    }

    /// <summary>
    /// Feeds framed messages straight into the speaker as the reader produces them, so an OPEN earlier in a chunk
    /// changes the codec options (4-octet AS, extended message) for the messages after it.
    /// </summary>
    private sealed class Inlet : ICollection<BgpDecodeResult>
    {
        private readonly BgpSpeakerHost _host;
        public Inlet(BgpSpeakerHost host)
        {
            _host = host;
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
                case OpenMessage open: _host._log.OpenReceived(peer, open); break;
                case NotificationMessage n: _host._log.Notification("notification_received", peer, n); break;
            }
            _host._speaker.HandleReceived(peer, item, Now);
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
