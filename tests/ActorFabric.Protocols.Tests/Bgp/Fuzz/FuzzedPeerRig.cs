using System.Net;
using ActorFabric.Protocols.Bgp.Session;
using ActorFabric.Protocols.Bgp.Speaker;
using ActorFabric.Protocols.Bgp.Transport;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Tests.Bgp.Fuzz;

/// <summary>What one decoded result did to the fuzzed session.</summary>
internal enum FuzzOutcome { None, AttributeDiscard, TreatAsWithdraw, NotificationSent, NotificationReceived }

/// <summary>
/// A route-reflector <see cref="BgpSpeaker"/> with two Established iBGP RR clients: the fuzzed peer, whose bytes come
/// from a mutated stream through <see cref="BgpStreamReader"/>, and a well-behaved client that receives what the
/// reflector sends as bytes (encoded once by <see cref="BgpMessageEncoding"/>, framed and decoded again). A model of
/// the accepted UPDATEs says what the Loc-RIB, the fuzzed peer's Adj-RIB-In and the client's view must hold.
/// Time is virtual: it only moves (2 s) to let the fuzzed peer's session restart after a reset.
/// </summary>
internal sealed class FuzzedPeerRig
{
    public const uint As = 65000;
    public const uint RouterId = 0x0A0009FE;
    private static readonly IPAddress FuzzedAddress = IPAddress.Parse("10.9.0.1");
    private static readonly IPAddress ClientAddress = IPAddress.Parse("10.9.0.2");
    private static readonly IPAddress ReflectorAddress = IPAddress.Parse("10.9.0.254");

    private readonly BgpSessionConfig _template = new()
    {
        LocalAs = As, RouterId = 0, PeerAs = As, Passive = true, RouteReflectorClient = true,
        IdleHoldTime = TimeSpan.FromSeconds(1), MaxIdleHoldTime = TimeSpan.FromSeconds(1),
    };
    private readonly BgpMessageEncoding _encoding = new();
    private readonly BgpStreamReader _clientReader = new();
    private readonly BgpSession _client;
    private readonly List<BgpDecodeResult> _results = [];
    private BgpSession? _fuzzedRemote; // the fuzzed peer's own session, only while (re-)establishing
    private NotificationMessage? _sentToFuzzed;
    private bool _fuzzedDisconnected;

    public FuzzedPeerRig()
    {
        Speaker = new BgpSpeaker(new BgpSpeakerConfig { LocalAs = As, RouterId = RouterId, RouteReflector = true, ReportBestPathChanges = false });
        Fuzzed = Speaker.AddPeer(_template with { PeerAddress = FuzzedAddress }, Now);
        Client = Speaker.AddPeer(_template with { PeerAddress = ClientAddress }, Now);
        _client = new BgpSession(_template with { RouterId = 0x0A090002, PeerAddress = ReflectorAddress, Passive = false, RouteReflectorClient = false });
        _client.Start(Now);
        Pump();
        if (Client.State != BgpSessionState.Established) throw new InvalidOperationException("client did not establish");
        EstablishFuzzed();
    }

    public BgpSpeaker Speaker { get; }
    public BgpPeer Fuzzed { get; }
    public BgpPeer Client { get; }
    public TimeSpan Now { get; private set; } = TimeSpan.FromSeconds(1);
    public BgpStreamReader Stream { get; private set; } = new();
    /// <summary>What the accepted UPDATEs say the fuzzed peer's routes are: key → (route as last sent, attributes, next hop).</summary>
    public Dictionary<EvpnRoute, (EvpnRoute Route, PathAttributes Attributes, IPAddress NextHop)> Model { get; } = new(EvpnRouteKeyComparer.Instance);
    /// <summary>What the client has been told (key → route as last announced).</summary>
    public Dictionary<EvpnRoute, EvpnRoute> ClientView { get; } = new(EvpnRouteKeyComparer.Instance);
    public int Resets { get; private set; }

    /// <summary>Feed one chunk of the fuzzed stream; returns the outcome of every message it completed.</summary>
    public List<(BgpDecodeResult Result, FuzzOutcome Outcome)> Feed(ReadOnlySpan<byte> chunk)
    {
        var outcomes = new List<(BgpDecodeResult, FuzzOutcome)>();
        _results.Clear();
        Stream.Receive(chunk, () => Fuzzed.CodecOptions, _results);
        foreach (var r in _results)
        {
            // After a reset the host closes the connection: the rest of the chunk is never read.
            if (Fuzzed.State != BgpSessionState.Established) break;
            outcomes.Add((r, Apply(r)));
        }
        if (Fuzzed.State != BgpSessionState.Established) Reconnect();
        return outcomes;
    }

    private FuzzOutcome Apply(BgpDecodeResult r)
    {
        _sentToFuzzed = null;
        _fuzzedDisconnected = false;
        Speaker.HandleReceived(Fuzzed, r, Now);
        Pump();
        bool down = Fuzzed.State != BgpSessionState.Established;
        if (r.Action == BgpErrorAction.SessionReset || r.Message is OpenMessage)
        {
            // RFC 4271 §6 / RFC 7606 §3: a NOTIFICATION goes out and the session closes. An OPEN while Established
            // is an FSM error (§8.2.2, code 5). The NOTIFICATION carries what the decoder decided.
            if (_sentToFuzzed is null || !down || !_fuzzedDisconnected)
                throw new FuzzFailure($"{Describe(r)} did not end in NOTIFICATION + session down (sent {_sentToFuzzed}, state {Fuzzed.State})");
            if (r.Notification is { } n && (n.Code != _sentToFuzzed.Code || n.Subcode != _sentToFuzzed.Subcode))
                throw new FuzzFailure($"{Describe(r)} sent NOTIFICATION {_sentToFuzzed.Code}/{_sentToFuzzed.Subcode}");
            Model.Clear();
            return FuzzOutcome.NotificationSent;
        }
        if (r.Message is NotificationMessage)
        {
            // RFC 4271 §6.4: a NOTIFICATION closes the session and is never answered with one.
            if (!down || _sentToFuzzed is not null) throw new FuzzFailure($"{Describe(r)}: state {Fuzzed.State}, sent {_sentToFuzzed}");
            Model.Clear();
            return FuzzOutcome.NotificationReceived;
        }
        // RFC 7606 §2: every softer outcome keeps the session up and sends nothing.
        if (down || _sentToFuzzed is not null) throw new FuzzFailure($"{Describe(r)} reset the session (sent {_sentToFuzzed}, state {Fuzzed.State})");
        if (r.Message is UpdateMessage u) ApplyToModel(u, r.Action == BgpErrorAction.TreatAsWithdraw);
        return r.Action switch
        {
            BgpErrorAction.TreatAsWithdraw => FuzzOutcome.TreatAsWithdraw,
            BgpErrorAction.AttributeDiscard => FuzzOutcome.AttributeDiscard,
            _ => FuzzOutcome.None,
        };
    }

    private void ApplyToModel(UpdateMessage u, bool treatAsWithdraw)
    {
        if (u.MpUnreach is { } un && IsEvpn(un.Afi, un.Safi))
            foreach (var route in un.EvpnRoutes) Model.Remove(route);
        if (u.MpReach is not { } re || !IsEvpn(re.Afi, re.Safi)) return;
        var a = u.Attributes;
        // RFC 4456 §8: our own ORIGINATOR_ID or CLUSTER_ID means a loop; such an UPDATE still replaces what came before.
        bool ignore = treatAsWithdraw || a.OriginatorId == RouterId || Array.IndexOf(a.ClusterList, RouterId) >= 0;
        foreach (var route in re.EvpnRoutes)
        {
            if (ignore) Model.Remove(route);
            else Model[route] = (route, a, re.NextHop);
        }
    }

    private static bool IsEvpn(ushort afi, byte safi) => afi == BgpConstants.AfiL2vpn && safi == BgpConstants.SafiEvpn;

    private static string Describe(BgpDecodeResult r) =>
        $"{r.Action} {r.Message?.Type.ToString() ?? "-"} {(r.Notification is { } n ? $"notification {n.Code}/{n.Subcode}" : "")} [{string.Join("; ", r.Diagnostics)}]";

    /// <summary>Wait out the idle hold time and bring the fuzzed peer back with a fresh connection and stream.</summary>
    private void Reconnect()
    {
        Resets++;
        Stream = new BgpStreamReader();
        Advance(TimeSpan.FromSeconds(2));
        EstablishFuzzed();
    }

    private void Advance(TimeSpan by)
    {
        Now += by;
        if (Speaker.PollTimeout() <= Now) Speaker.HandleTimeout(Now);
        if (_client.PollTimeout() <= Now) _client.HandleTimeout(Now);
        Pump();
    }

    private void EstablishFuzzed()
    {
        _fuzzedRemote = new BgpSession(_template with { RouterId = 0x0A090001, PeerAddress = ReflectorAddress, Passive = false, RouteReflectorClient = false, GracefulRestartTimeSeconds = null });
        _fuzzedRemote.Start(Now);
        Pump();
        if (Fuzzed.State != BgpSessionState.Established) throw new InvalidOperationException($"fuzzed peer did not re-establish: {Fuzzed.State}");
        _fuzzedRemote = null;
    }

    /// <summary>Move messages until nothing is pending anywhere.</summary>
    private void Pump()
    {
        bool progress = true;
        while (progress)
        {
            progress = false;
            while (_fuzzedRemote is { } remote && remote.TryPoll(out var o))
            {
                progress = true;
                switch (o)
                {
                    case BgpOpenTransport:
                        if (Speaker.AcceptConnection(FuzzedAddress, Now) != Fuzzed) throw new InvalidOperationException("reflector refused the fuzzed peer");
                        remote.TransportConnected(Now, locallyInitiated: true);
                        break;
                    case BgpSend s: Speaker.HandleReceived(Fuzzed, BgpDecodeResult.Ok(s.Message), Now); break;
                }
            }
            while (_client.TryPoll(out var o))
            {
                progress = true;
                switch (o)
                {
                    case BgpOpenTransport:
                        Speaker.AcceptConnection(ClientAddress, Now);
                        _client.TransportConnected(Now, locallyInitiated: true);
                        break;
                    case BgpSend s: Speaker.HandleReceived(Client, BgpDecodeResult.Ok(s.Message), Now); break;
                    case BgpUpdateReceived u:
                        if (u.Update.MpUnreach is { } un) foreach (var r in un.EvpnRoutes) ClientView.Remove(r);
                        if (u.Update.MpReach is { } re) foreach (var r in re.EvpnRoutes) ClientView[r] = r;
                        break;
                    case BgpSessionDown d: throw new FuzzFailure($"the well-behaved client's session went down: {d.Reason} {d.Notification}");
                }
            }
            while (Speaker.TryPoll(Now, out var o))
            {
                progress = true;
                switch (o)
                {
                    case BgpTransmit t when t.Peer == Client:
                        var bytes = _encoding.Encode(t.Message, Client.CodecOptions);
                        var list = new List<BgpDecodeResult>();
                        _clientReader.Receive(bytes, () => _client.CodecOptions, list);
                        foreach (var r in list)
                        {
                            // What we send must decode cleanly at the receiver (RFC 7606 is for their bugs, not ours).
                            if (r.Action != BgpErrorAction.None) throw new FuzzFailure($"our UPDATE to the client decodes as {Describe(r)}");
                            _client.HandleReceived(r, Now);
                        }
                        break;
                    case BgpTransmit t when t.Peer == Fuzzed:
                        if (_fuzzedRemote is { } remote) remote.HandleReceived(BgpDecodeResult.Ok(t.Message), Now);
                        else if (t.Message is NotificationMessage n) _sentToFuzzed = n;
                        break;
                    case BgpDisconnectRequested d when d.Peer == Fuzzed: _fuzzedDisconnected = true; break;
                }
            }
        }
    }

    /// <summary>Loc-RIB, Adj-RIB-In and the client's view all equal the model (routes, attributes, next hops).</summary>
    public void CheckConsistency()
    {
        if (Speaker.LocRib.Count != Model.Count) throw new FuzzFailure($"Loc-RIB has {Speaker.LocRib.Count} routes, the model {Model.Count}");
        if (Fuzzed.AdjRibIn.Count != Model.Count) throw new FuzzFailure($"Adj-RIB-In has {Fuzzed.AdjRibIn.Count} routes, the model {Model.Count}");
        if (ClientView.Count != Model.Count) throw new FuzzFailure($"the client has {ClientView.Count} routes, the model {Model.Count}");
        foreach (var (key, expected) in Model)
        {
            var best = Speaker.LocRib.GetBest(key) ?? throw new FuzzFailure($"{key} missing from the Loc-RIB");
            if (!best.Route.Equals(expected.Route) || !best.Attributes.Equals(expected.Attributes) || !best.NextHop.Equals(expected.NextHop))
                throw new FuzzFailure($"Loc-RIB has {best}, the model {expected.Route} via {expected.NextHop}");
            if (!ClientView.TryGetValue(key, out var atClient) || !atClient.Equals(expected.Route))
                throw new FuzzFailure($"the client has {atClient?.ToString() ?? "nothing"} for {expected.Route}");
        }
    }
}

internal sealed class FuzzFailure(string message) : Exception(message);
