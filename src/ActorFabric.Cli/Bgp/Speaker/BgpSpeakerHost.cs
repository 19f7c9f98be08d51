using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using ActorFabric.Protocols.Bgp.Session;
using ActorFabric.Protocols.Bgp.Speaker;
using static ActorFabric.Cli.Bgp.Speaker.BgpSpeakerMessages;

namespace ActorFabric.Cli.Bgp.Speaker;

/// <summary>
/// Runs the sans-I/O <see cref="BgpSpeaker"/> over real TCP on Akka.NET: a <see cref="BgpSpeakerActor"/> owns the
/// speaker, one watched <see cref="BgpConnectionActor"/> per TCP connection does the socket I/O. This class binds
/// the listener (so a busy port fails <see cref="Start"/>), runs the accept loop (accepts are told to the actor)
/// and turns API calls into Asks. It creates its own ActorSystem (<see cref="SpeakerActorSystem"/>) unless given one.
/// </summary>
public sealed class BgpSpeakerHost : IDisposable
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    private readonly BgpSpeakerHostOptions _options;
    private readonly ActorSystem? _givenSystem;
    private readonly CancellationTokenSource _shutdown = new();
    private ActorSystem? _system;
    private IActorRef? _actor;
    private Socket? _listener;
    private int _disposed;

    /// <param name="system">Run in this ActorSystem (not terminated by <see cref="Dispose"/>); null = a new one of our own.</param>
    public BgpSpeakerHost(BgpSpeakerHostOptions options, ActorSystem? system = null)
    {
        _options = options;
        _givenSystem = system;
    }

    /// <summary>The bound listening endpoint (with the real port when 0 was asked for); null without a listener.</summary>
    public IPEndPoint? ListenEndpoint { get; private set; }
    public BgpSpeakerHostOptions Options => _options;

    /// <summary>The session settings every peer starts from.</summary>
    internal static BgpSessionConfig SessionTemplate(BgpSpeakerHostOptions options) => new()
    {
        LocalAs = options.Asn,
        RouterId = BgpHostAddress.ToUInt(options.RouterId),
        PeerAs = options.Asn,
        HoldTime = options.HoldTime,
        ConnectRetryTime = options.ConnectRetryTime,
        AdvertiseExtendedMessage = options.ExtendedMessage,
    };

    /// <summary>
    /// Bind the listener (throws <see cref="SocketException"/> if the address is in use: no SO_REUSEADDR, which on
    /// Linux would also let a second process share the port), then start the speaker actor.
    /// </summary>
    public void Start()
    {
        if (_actor is not null) throw new InvalidOperationException("already started");
        if (_options.Listen is { } listen)
        {
            var socket = new Socket(listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(listen);
                socket.Listen(512);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            _listener = socket;
            ListenEndpoint = (IPEndPoint)socket.LocalEndPoint!;
        }
        _system = _givenSystem ?? SpeakerActorSystem.Create();
        _actor = _system.ActorOf(BgpSpeakerActor.Props(_options, ListenEndpoint).WithDispatcher(SpeakerActorSystem.SpeakerDispatcher),
            $"bgp-speaker-{_options.RouterId}");
        if (_listener is not null) _ = AcceptLoopAsync(_listener, _actor, _shutdown.Token);
    }

    // ---- API (any thread) ----

    private Task<T> Ask<T>(object message)
    {
        if (_actor is null) throw new InvalidOperationException("not started");
        if (Volatile.Read(ref _disposed) != 0) return Task.FromException<T>(new ObjectDisposedException(nameof(BgpSpeakerHost)));
        return _actor.Ask<T>(message, AskTimeout);
    }

    /// <summary>Run <paramref name="action"/> inside the speaker actor and return its result.</summary>
    public async Task<T> InvokeAsync<T>(Func<BgpSpeaker, TimeSpan, T> action)
    {
        var result = await Ask<InvokeResult>(new Invoke((s, now) => action(s, now))).ConfigureAwait(false);
        return (T)result.Value!;
    }

    /// <summary>Blocking form of <see cref="InvokeAsync{T}"/> (tests, CLI), with a deadline.</summary>
    public T Invoke<T>(Func<BgpSpeaker, T> action, TimeSpan? within = null)
    {
        var task = InvokeAsync((s, _) => action(s));
        if (!task.Wait(within ?? AskTimeout)) throw new TimeoutException("the speaker actor did not answer");
        return task.Result;
    }

    /// <summary>Originate (or replace) routes; returns how many.</summary>
    public Task<int> OriginateAsync(IReadOnlyList<EvpnRouteSpec> routes) => Ask<int>(new Originate(Bind(routes)));

    /// <summary>Withdraw routes we originated (matched by route key); returns how many were named.</summary>
    public Task<int> WithdrawAsync(IReadOnlyList<EvpnRouteSpec> routes) => Ask<int>(new Withdraw(Bind(routes)));

    public Task<string> LocRibJsonAsync(BgpRibFilter filter) => Ask<string>(new QueryLocRib(filter));

    public Task<BgpPeerSummary[]> PeersAsync() => Ask<BgpPeerSummary[]>(QueryPeers.Instance);

    private List<EvpnOrigination> Bind(IReadOnlyList<EvpnRouteSpec> routes)
    {
        var nextHop = _options.LocalAddress ?? _options.RouterId;
        var bound = new List<EvpnOrigination>(routes.Count);
        foreach (var r in routes) bound.Add(r.ToOrigination(nextHop));
        return bound;
    }

    /// <summary>Send Cease to every peer, wait (up to a few seconds) for the connections to close, stop the actors.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _shutdown.Cancel();
        _listener?.Dispose();
        if (_actor is null || _system is null) return;
        try { _actor.Ask<Stopped>(Stop.Instance, TimeSpan.FromSeconds(10)).Wait(TimeSpan.FromSeconds(11)); }
        catch (AggregateException) { } // the Cease is best effort on the way out
        if (_givenSystem is null) _system.Terminate().Wait(TimeSpan.FromSeconds(10));
        else _system.Stop(_actor);
    }

    private static async Task AcceptLoopAsync(Socket listener, IActorRef speaker, CancellationToken shutdown)
    {
        try
        {
            while (true)
            {
                var socket = await listener.AcceptAsync(shutdown).ConfigureAwait(false);
                speaker.Tell(new Accepted(socket));
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException) { }
    }
}
