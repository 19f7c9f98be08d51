using ActorFabric.Protocols.Timing;
using ActorFabric.Wire.Underlay;

namespace ActorFabric.Protocols.Underlay;

/// <summary>
/// A simplified IS-IS-like link-state router for point-to-point links, sans-I/O.
/// <list type="bullet">
/// <item>Hellos with a three-way handshake (after RFC 5303) form adjacencies; the neighbor's hold
/// time detects silent death, and <see cref="InterfaceDown"/> tears an adjacency at once.</item>
/// <item>LSPs (origin, sequence number, neighbors with metrics, prefixes) are flooded reliably:
/// each is acknowledged by PSNP and retransmitted until it is; a CSNP on adjacency-up (and
/// periodically) synchronises databases; a router that restarts outbids its stale LSP.</item>
/// <item>SPF (<see cref="ShortestPathFirst"/>) with two-way check and ECMP, throttled by
/// <see cref="SpfThrottle"/>; a changed table is announced as <see cref="RouteTableChanged"/>.</item>
/// </list>
/// The host feeds <see cref="HandlePdu"/>, <see cref="InterfaceUp"/>/<see cref="InterfaceDown"/> and
/// <see cref="HandleTimeout"/> with the current time, then drains <see cref="TryPollTransmit"/>
/// and <see cref="TryPollEvent"/> and re-arms a timer at <see cref="PollTimeout"/>.
/// LSPs do not age (lifetime 0xFFFF): a dead router's LSP stays but fails the two-way check.
/// </summary>
public sealed class LinkStateRouter
{
    /// <summary>
    /// Router-wide timers: LSP origination, periodic hellos, the earliest neighbor hold expiry, LSP retransmission,
    /// delayed flooding, delayed acknowledgement (PSNP) and periodic CSNPs. SPF runs on <see cref="SpfThrottle"/>'s own.
    /// </summary>
    private enum Timer { Origination, Hello, HoldCheck, Retransmit, Flood, Acknowledgement, Csnp }

    private readonly LinkStateRouterOptions _options;
    private readonly List<LinkStateInterface> _interfaces = new();
    private readonly Dictionary<int, LinkStateInterface> _interfaceById = new();
    private readonly Queue<UnderlayTransmit> _transmits = new();
    private readonly Queue<UnderlayEvent> _events = new();
    private readonly LinkStateDatabase _database = new();
    private readonly ShortestPathFirst _spf = new();
    private readonly SpfThrottle _spfThrottle;
    private readonly UnderlayPrefix[] _ownPrefixes;
    private readonly List<SpfRootAdjacency> _rootAdjacencies = new();
    private readonly List<LinkStateNeighbor> _ownNeighbors = new();
    private readonly List<uint> _dueScratch = new();
    private readonly uint _holdTimeMilliseconds;

    private bool _started;
    private bool _overload;
    private uint _ownSequence;
    private TimeSpan? _lastOrigination;
    private bool _originationPending;
    private bool _forceOrigination;
    private readonly TimerTable<Timer> _timers = new();
    private byte[]? _csnpCache;
    private long _csnpCacheVersion = -1;
    private int[] _csnpMarks = [];
    private int _csnpMarkStamp;

    public LinkStateRouter(LinkStateRouterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _spfThrottle = new SpfThrottle(options.SpfInitialDelay, options.SpfSecondaryDelay, options.SpfMaximumDelay);
        _ownPrefixes = new UnderlayPrefix[1 + options.AdditionalPrefixes.Count];
        _ownPrefixes[0] = UnderlayPrefix.Host(options.Loopback);
        for (int i = 0; i < options.AdditionalPrefixes.Count; i++) _ownPrefixes[i + 1] = options.AdditionalPrefixes[i];
        _holdTimeMilliseconds = (uint)Math.Min(uint.MaxValue, (long)options.HoldTime.TotalMilliseconds);
        _database.GetOrAddIndex(options.RouterId);
        _overload = options.Overload;
    }

    /// <summary>Whether we advertise overload (reachable, but no transit through us).</summary>
    public bool Overload => _overload;

    public uint RouterId => _options.RouterId;
    public LinkStateRouterOptions Options => _options;

    /// <summary>The current routes; replaced (never mutated) when SPF changes them.</summary>
    public UnderlayRouteTable RouteTable { get; private set; } = UnderlayRouteTable.Empty;

    public LinkStateDatabase Database => _database;
    public LinkStateRouterStatistics Statistics { get; } = new();

    /// <summary>Sequence number of our own current LSP.</summary>
    public uint OwnSequenceNumber => _ownSequence;

    /// <summary>Declares a point-to-point interface (down until <see cref="InterfaceUp"/>). Metric 0 is treated as 1.</summary>
    public void AddInterface(int interfaceId, uint metric = 10)
    {
        if (_interfaceById.ContainsKey(interfaceId)) throw new ArgumentException($"interface {interfaceId} already exists", nameof(interfaceId));
        var link = new LinkStateInterface(interfaceId, metric == 0 ? 1 : metric);
        _interfaces.Add(link);
        _interfaceById.Add(interfaceId, link);
    }

    public IEnumerable<AdjacencyInfo> Adjacencies
    {
        get
        {
            foreach (var link in _interfaces) yield return Describe(link);
        }
    }

    public AdjacencyInfo GetAdjacency(int interfaceId) => Describe(Interface(interfaceId));

    /// <summary>Changes an interface's cost (e.g. to drain traffic off a link); re-advertised and re-computed.</summary>
    public void SetInterfaceMetric(int interfaceId, uint metric, TimeSpan now)
    {
        var link = Interface(interfaceId);
        uint value = metric == 0 ? 1 : metric;
        if (link.Metric == value) return;
        link.Metric = value;
        link.HelloCache = null;
        if (link.State != LinkStateAdjacencyState.Up) return;
        RequestOrigination(now);
        _spfThrottle.Trigger(now);
    }

    /// <summary>Sets or clears overload, e.g. to drain a spine before maintenance without cutting its links.</summary>
    public void SetOverload(bool overload, TimeSpan now)
    {
        if (_overload == overload) return;
        _overload = overload;
        RequestOrigination(now);
    }

    /// <summary>Starts the protocol: originates our LSP and begins sending hellos on Up interfaces.</summary>
    public void Start(TimeSpan now)
    {
        if (_started) return;
        _started = true;
        RequestOrigination(now);
        SendHellos(now);
        _timers.Set(Timer.Hello, now + _options.HelloInterval);
    }

    /// <summary>The link came up (carrier): start hellos on it at once.</summary>
    public void InterfaceUp(int interfaceId, TimeSpan now)
    {
        var link = Interface(interfaceId);
        if (link.IsUp) return;
        link.IsUp = true;
        link.State = LinkStateAdjacencyState.Down;
        link.HelloCache = null;
        if (_started) SendHello(link);
    }

    /// <summary>The link went down: tear the adjacency immediately (no waiting for hold time).</summary>
    public void InterfaceDown(int interfaceId, TimeSpan now)
    {
        var link = Interface(interfaceId);
        if (!link.IsUp) return;
        TearDown(link, AdjacencyDownReason.LinkDown, now);
        link.IsUp = false;
    }

    /// <summary>
    /// A PDU arrived on <paramref name="interfaceId"/>. An accepted LSP is kept by reference, so
    /// the host must not reuse or mutate <paramref name="pdu"/> afterwards.
    /// </summary>
    public LinkStateDecodeError HandlePdu(int interfaceId, ReadOnlyMemory<byte> pdu, TimeSpan now)
    {
        if (!_started || !_interfaceById.TryGetValue(interfaceId, out var link) || !link.IsUp) return LinkStateDecodeError.None;
        var span = pdu.Span;
        var error = LinkStatePduHeader.TryRead(span, out var type, out _, out uint sender);
        if (error != LinkStateDecodeError.None)
        {
            Statistics.MalformedPdusReceived++;
            return error;
        }
        if (sender == RouterId && type != LinkStatePduType.LinkStatePacket) return LinkStateDecodeError.None; // our own hello looped back
        switch (type)
        {
            case LinkStatePduType.Hello:
                error = LinkStateHello.TryRead(span, out var hello);
                if (error == LinkStateDecodeError.None) HandleHello(link, hello, now);
                break;
            case LinkStatePduType.LinkStatePacket:
                error = LinkStatePacketReader.TryCreate(span, out _);
                if (error == LinkStateDecodeError.None && link.State == LinkStateAdjacencyState.Up) HandleLsp(link, pdu, now);
                break;
            default:
                error = SequenceNumbersPacket.TryRead(span, out var snp);
                if (error == LinkStateDecodeError.None && link.State == LinkStateAdjacencyState.Up) HandleSequenceNumbers(link, snp, now);
                break;
        }
        if (error != LinkStateDecodeError.None) Statistics.MalformedPdusReceived++;
        return error;
    }

    /// <summary>Runs every timer due at <paramref name="now"/>.</summary>
    public void HandleTimeout(TimeSpan now)
    {
        if (!_started) return;
        if (_timers.Expired(Timer.HoldCheck, now)) CheckHoldTimes(now);
        if (_timers.Expired(Timer.Hello, now))
        {
            SendHellos(now);
            _timers.Set(Timer.Hello, now + _options.HelloInterval);
        }
        if (_timers.TryExpire(Timer.Origination, now)) Originate(now);
        if (_timers.Expired(Timer.Csnp, now)) SendPeriodicCsnps(now);
        if (_timers.Expired(Timer.Flood, now)) SendPendingFloods(now);
        if (_timers.Expired(Timer.Retransmit, now)) Retransmit(now);
        if (_timers.Expired(Timer.Acknowledgement, now)) FlushAcknowledgements();
        if (_spfThrottle.TryStart(now)) RunSpf(now);
    }

    /// <summary>The earliest instant <see cref="HandleTimeout"/> has work, or null.</summary>
    public TimeSpan? PollTimeout() => Deadline.Earliest(_timers.Next(), _spfThrottle.Due);

    public bool TryPollTransmit(out UnderlayTransmit transmit)
    {
        if (_transmits.TryDequeue(out transmit)) return true;
        // Drained: give back what a flooding burst grew the queue to.
        if (_transmits.EnsureCapacity(0) > 256) _transmits.TrimExcess();
        return false;
    }

    public bool TryPollEvent(out UnderlayEvent underlayEvent) => _events.TryDequeue(out underlayEvent!);

    // ---- adjacencies -------------------------------------------------------------------------

    private void HandleHello(LinkStateInterface link, in LinkStateHello hello, TimeSpan now)
    {
        if (link.State != LinkStateAdjacencyState.Down && link.NeighborRouterId != hello.SenderRouterId)
        {
            TearDown(link, AdjacencyDownReason.NeighborChanged, now);
        }
        link.NeighborRouterId = hello.SenderRouterId;
        link.NeighborInterfaceId = hello.SenderInterfaceId;
        link.HoldExpiry = now + TimeSpan.FromMilliseconds(hello.HoldTimeMilliseconds == 0 ? 1 : hello.HoldTimeMilliseconds);
        _timers.SetNoLaterThan(Timer.HoldCheck, link.HoldExpiry);

        // RFC 5303 §3.2 in spirit: Up once the neighbor reports hearing us on this very interface.
        bool heardUs = hello.NeighborRouterId == RouterId
            && hello.NeighborInterfaceId == (uint)link.Id
            && hello.State != LinkStateAdjacencyState.Down;
        var previous = link.State;
        if (heardUs)
        {
            if (previous != LinkStateAdjacencyState.Up) BringUp(link, now);
        }
        else
        {
            if (previous == LinkStateAdjacencyState.Up) TearDown(link, AdjacencyDownReason.NeighborReset, now);
            if (link.State != LinkStateAdjacencyState.Initializing)
            {
                link.State = LinkStateAdjacencyState.Initializing;
                link.NeighborRouterId = hello.SenderRouterId;
                link.NeighborInterfaceId = hello.SenderInterfaceId;
                link.HoldExpiry = now + TimeSpan.FromMilliseconds(hello.HoldTimeMilliseconds == 0 ? 1 : hello.HoldTimeMilliseconds);
                link.HelloCache = null;
                SendHello(link); // a triggered hello lets the neighbor complete the handshake without waiting a period
            }
        }
    }

    private void BringUp(LinkStateInterface link, TimeSpan now)
    {
        link.State = LinkStateAdjacencyState.Up;
        link.HelloCache = null;
        SendHello(link);
        _events.Enqueue(new AdjacencyUp(now, link.Id, link.NeighborRouterId));
        SendCsnp(link);
        if (_options.CsnpInterval > TimeSpan.Zero)
        {
            link.NextCsnp = now + _options.CsnpInterval;
            _timers.SetNoLaterThan(Timer.Csnp, link.NextCsnp);
        }
        RequestOrigination(now);
        _spfThrottle.Trigger(now);
    }

    private void TearDown(LinkStateInterface link, AdjacencyDownReason reason, TimeSpan now)
    {
        var previous = link.State;
        link.State = LinkStateAdjacencyState.Down;
        link.HelloCache = null;
        link.Unacknowledged.Clear();
        link.PendingFlood.Clear();
        link.PendingAcknowledgements.Clear();
        link.ReleaseIdleTables();
        if (previous == LinkStateAdjacencyState.Up)
        {
            _events.Enqueue(new AdjacencyDown(now, link.Id, link.NeighborRouterId, reason));
            RequestOrigination(now);
            _spfThrottle.Trigger(now);
        }
        link.NeighborRouterId = 0;
        link.NeighborInterfaceId = 0;
    }

    private void CheckHoldTimes(TimeSpan now)
    {
        TimeSpan? next = null;
        foreach (var link in _interfaces)
        {
            if (!link.IsUp || link.State == LinkStateAdjacencyState.Down) continue;
            if (link.HoldExpiry <= now)
            {
                TearDown(link, AdjacencyDownReason.HoldTimeExpired, now);
                SendHello(link);
                continue;
            }
            next = Deadline.Earliest(next, link.HoldExpiry);
        }
        _timers.SetOrStop(Timer.HoldCheck, next);
    }

    private void SendHellos(TimeSpan now)
    {
        _ = now;
        foreach (var link in _interfaces)
        {
            if (link.IsUp) SendHello(link);
        }
    }

    private void SendHello(LinkStateInterface link)
    {
        link.HelloCache ??= new LinkStateHello(
            RouterId,
            (uint)link.Id,
            _holdTimeMilliseconds,
            link.State,
            link.State == LinkStateAdjacencyState.Down ? 0 : link.NeighborRouterId,
            link.State == LinkStateAdjacencyState.Down ? 0 : link.NeighborInterfaceId).ToArray();
        _transmits.Enqueue(new UnderlayTransmit(link.Id, link.HelloCache));
        Statistics.HellosSent++;
    }

    // ---- origination -------------------------------------------------------------------------

    private void RequestOrigination(TimeSpan now)
    {
        if (!_started) return;
        _originationPending = true;
        if (_timers.IsSet(Timer.Origination)) return;
        // A short initial wait coalesces a burst (all adjacencies of a booting switch come up within
        // milliseconds) into one LSP; re-originations are then spaced by the generation interval.
        var earliest = now + _options.LspGenerationInitialDelay;
        if (_lastOrigination is { } last && last + _options.LspGenerationInterval > earliest) earliest = last + _options.LspGenerationInterval;
        if (earliest <= now) Originate(now);
        else _timers.Set(Timer.Origination, earliest);
    }

    private void Originate(TimeSpan now)
    {
        if (!_originationPending && !_forceOrigination) return;
        _originationPending = false;
        BuildOwnNeighbors();
        var neighbors = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_ownNeighbors);
        if (!_forceOrigination && _ownSequence != 0 && OwnContentUnchanged(neighbors)) return;
        _forceOrigination = false;
        _ownSequence++;
        var encoded = LinkStatePacketWriter.ToArray(RouterId, RouterId, _ownSequence, LinkStatePacketReader.NonAgingLifetime, _overload, neighbors, _ownPrefixes);
        _lastOrigination = now;
        Statistics.LspsOriginated++;
        _database.Install(encoded);
        if (_database.LastInstallChangedTopology) _spfThrottle.Trigger(now);
        Flood(RouterId, except: null, now);
    }

    private void BuildOwnNeighbors()
    {
        _ownNeighbors.Clear();
        foreach (var link in _interfaces)
        {
            if (link.IsUp && link.State == LinkStateAdjacencyState.Up) _ownNeighbors.Add(new LinkStateNeighbor(link.NeighborRouterId, link.Metric));
        }
        // Sorted by (router id, metric); parallel links to one neighbor are advertised once, at the lowest metric.
        _ownNeighbors.Sort(static (a, b) => a.RouterId != b.RouterId ? a.RouterId.CompareTo(b.RouterId) : a.Metric.CompareTo(b.Metric));
        int kept = 0;
        for (int i = 0; i < _ownNeighbors.Count; i++)
        {
            if (kept > 0 && _ownNeighbors[kept - 1].RouterId == _ownNeighbors[i].RouterId) continue;
            _ownNeighbors[kept++] = _ownNeighbors[i];
        }
        _ownNeighbors.RemoveRange(kept, _ownNeighbors.Count - kept);
    }

    private bool OwnContentUnchanged(ReadOnlySpan<LinkStateNeighbor> neighbors)
    {
        if (!_database.TryGetEncoded(RouterId, out var current)) return false;
        LinkStatePacketReader.TryCreate(current.Span, out var lsp);
        if (lsp.Overload != _overload || lsp.NeighborCount != neighbors.Length || lsp.PrefixCount != _ownPrefixes.Length) return false;
        for (int i = 0; i < neighbors.Length; i++)
        {
            if (lsp.GetNeighbor(i) != neighbors[i]) return false;
        }
        for (int i = 0; i < _ownPrefixes.Length; i++)
        {
            if (lsp.GetPrefix(i) != _ownPrefixes[i]) return false;
        }
        return true;
    }

    /// <summary>Someone holds a copy of our LSP at least as new as ours (we restarted): outbid it (ISO 10589 §7.3.16.1).</summary>
    private void OutbidStaleOwnLsp(uint seenSequence, TimeSpan now)
    {
        if (seenSequence < _ownSequence) return;
        _ownSequence = seenSequence;
        _forceOrigination = true;
        _originationPending = true;
        _timers.Stop(Timer.Origination);
        Originate(now);
    }

    // ---- flooding ----------------------------------------------------------------------------

    private void HandleLsp(LinkStateInterface link, ReadOnlyMemory<byte> pdu, TimeSpan now)
    {
        Statistics.LspsReceived++;
        LinkStatePacketReader.TryCreate(pdu.Span, out var lsp);
        uint origin = lsp.OriginRouterId;
        uint sequence = lsp.SequenceNumber;
        ushort lifetime = lsp.RemainingLifetime;

        if (origin == RouterId)
        {
            if (sequence > _ownSequence) { Acknowledge(link, origin, sequence, lifetime, now); OutbidStaleOwnLsp(sequence, now); return; }
            if (sequence == _ownSequence) { Acknowledge(link, origin, sequence, lifetime, now); link.ClearFlooding(origin); return; }
            SendLspUnlessPending(link, origin, now);
            return;
        }

        switch (_database.Install(pdu))
        {
            case LspInstallOutcome.Installed:
                bool topologyChanged = _database.LastInstallChangedTopology;
                Acknowledge(link, origin, sequence, lifetime, now);
                link.ClearFlooding(origin);
                Flood(origin, link, now);
                if (topologyChanged) _spfThrottle.Trigger(now);
                break;
            case LspInstallOutcome.Duplicate:
                Acknowledge(link, origin, sequence, lifetime, now);
                link.ClearFlooding(origin);
                break;
            case LspInstallOutcome.Older:
                SendLspUnlessPending(link, origin, now);
                break;
        }
    }

    private void Flood(uint origin, LinkStateInterface? except, TimeSpan now)
    {
        foreach (var link in _interfaces)
        {
            if (link == except || !link.IsUp || link.State != LinkStateAdjacencyState.Up) continue;
            QueueLsp(link, origin, now);
        }
    }

    // Our current copy is already queued or awaiting acknowledgement: the flood or retransmission covers it.
    private void SendLspUnlessPending(LinkStateInterface link, uint origin, TimeSpan now)
    {
        if (!link.Unacknowledged.ContainsKey(origin) && !link.PendingFlood.Contains(origin)) QueueLsp(link, origin, now);
    }

    private void QueueLsp(LinkStateInterface link, uint origin, TimeSpan now)
    {
        if (_options.FloodDelay == TimeSpan.Zero)
        {
            SendTracked(link, origin, now);
            return;
        }
        link.Unacknowledged.Remove(origin);
        link.PendingFlood.Add(origin);
        _timers.SetIfStopped(Timer.Flood, now + _options.FloodDelay);
    }

    private void SendPendingFloods(TimeSpan now)
    {
        _timers.Stop(Timer.Flood);
        foreach (var link in _interfaces)
        {
            if (link.PendingFlood.Count == 0) continue;
            foreach (uint origin in link.PendingFlood) SendTracked(link, origin, now);
            link.PendingFlood.Clear();
            link.ReleaseIdleTables();
        }
    }

    /// <summary>Sends our current copy of <paramref name="origin"/>'s LSP and expects an acknowledgement.</summary>
    private void SendTracked(LinkStateInterface link, uint origin, TimeSpan now)
    {
        if (!_database.TryGetEncoded(origin, out var encoded)) return;
        _transmits.Enqueue(new UnderlayTransmit(link.Id, encoded));
        Statistics.LspsSent++;
        link.Unacknowledged[origin] = now;
        var due = now + _options.RetransmitInterval;
        _timers.SetNoLaterThan(Timer.Retransmit, due);
    }

    private void Retransmit(TimeSpan now)
    {
        TimeSpan? next = null;
        foreach (var link in _interfaces)
        {
            if (link.Unacknowledged.Count == 0) continue;
            _dueScratch.Clear();
            foreach (var (origin, sentAt) in link.Unacknowledged)
            {
                if (sentAt + _options.RetransmitInterval <= now) _dueScratch.Add(origin);
                else next = Deadline.Earliest(next, sentAt + _options.RetransmitInterval);
            }
            foreach (uint origin in _dueScratch)
            {
                Statistics.LspRetransmissions++;
                SendTracked(link, origin, now);
            }
            if (_dueScratch.Count > 0) next = Deadline.Earliest(next, now + _options.RetransmitInterval);
        }
        _timers.SetOrStop(Timer.Retransmit, next);
    }

    private void Acknowledge(LinkStateInterface link, uint origin, uint sequence, ushort lifetime, TimeSpan now)
    {
        link.PendingAcknowledgements.Add(new SequenceNumbersEntry(origin, sequence, lifetime));
        if (link.AcknowledgementQueued) return;
        link.AcknowledgementQueued = true;
        var due = now + _options.AcknowledgementDelay;
        _timers.SetNoLaterThan(Timer.Acknowledgement, due);
    }

    private void FlushAcknowledgements()
    {
        _timers.Stop(Timer.Acknowledgement);
        foreach (var link in _interfaces)
        {
            if (!link.AcknowledgementQueued) continue;
            link.AcknowledgementQueued = false;
            if (link.PendingAcknowledgements.Count == 0 || link.State != LinkStateAdjacencyState.Up) continue;
            var pdu = SequenceNumbersPacket.ToArray(LinkStatePduType.PartialSequenceNumbers, RouterId, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(link.PendingAcknowledgements));
            link.PendingAcknowledgements.Clear();
            link.ReleaseIdleTables();
            _transmits.Enqueue(new UnderlayTransmit(link.Id, pdu));
            Statistics.PsnpsSent++;
        }
    }

    private void HandleSequenceNumbers(LinkStateInterface link, in SequenceNumbersPacket snp, TimeSpan now)
    {
        bool complete = snp.IsComplete;
        int stamp = 0;
        if (complete)
        {
            if (_csnpMarks.Length < _database.NodeCount) _csnpMarks = new int[Math.Max(_database.NodeCount, _csnpMarks.Length * 2)];
            stamp = ++_csnpMarkStamp;
        }
        for (int i = 0; i < snp.Count; i++)
        {
            var entry = snp[i];
            bool have = _database.TryGetSequence(entry.OriginRouterId, out uint ours);
            if (entry.OriginRouterId == RouterId && entry.SequenceNumber > _ownSequence)
            {
                OutbidStaleOwnLsp(entry.SequenceNumber, now);
                continue;
            }
            if (complete && have)
            {
                var node = _database.Find(entry.OriginRouterId)!;
                if (node.Index < _csnpMarks.Length) _csnpMarks[node.Index] = stamp;
            }
            if (have && entry.SequenceNumber == ours) link.ClearFlooding(entry.OriginRouterId);
            else if (have && entry.SequenceNumber < ours) SendLspUnlessPending(link, entry.OriginRouterId, now);
            else if (complete)
            {
                // The neighbor has a newer LSP than ours (or one we lack): ask for it with our older sequence.
                Acknowledge(link, entry.OriginRouterId, have ? ours : 0, 0, now);
            }
        }
        if (!complete) return;
        // LSPs the neighbor did not list at all: it lacks them, so send them.
        int count = Math.Min(_database.NodeCount, _csnpMarks.Length);
        for (int index = 0; index < count; index++)
        {
            var node = _database[index];
            if (node.HasLsp && _csnpMarks[index] != stamp) SendLspUnlessPending(link, node.RouterId, now);
        }
    }

    private void SendCsnp(LinkStateInterface link)
    {
        if (_csnpCache is null || _csnpCacheVersion != _database.Version)
        {
            _csnpCache = SequenceNumbersPacket.ToArray(LinkStatePduType.CompleteSequenceNumbers, RouterId, _database.Describe());
            _csnpCacheVersion = _database.Version;
        }
        _transmits.Enqueue(new UnderlayTransmit(link.Id, _csnpCache));
        Statistics.CsnpsSent++;
    }

    private void SendPeriodicCsnps(TimeSpan now)
    {
        TimeSpan? next = null;
        foreach (var link in _interfaces)
        {
            if (!link.IsUp || link.State != LinkStateAdjacencyState.Up) continue;
            if (link.NextCsnp <= now)
            {
                SendCsnp(link);
                link.NextCsnp = now + _options.CsnpInterval;
            }
            next = Deadline.Earliest(next, link.NextCsnp);
        }
        _timers.SetOrStop(Timer.Csnp, next);
    }

    // ---- SPF ---------------------------------------------------------------------------------

    private void RunSpf(TimeSpan now)
    {
        Statistics.SpfRuns++;
        _rootAdjacencies.Clear();
        foreach (var link in _interfaces)
        {
            if (link.IsUp && link.State == LinkStateAdjacencyState.Up)
                _rootAdjacencies.Add(new SpfRootAdjacency(link.Id, link.NeighborRouterId, link.Metric));
        }
        var table = _spf.Compute(_database, RouterId, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_rootAdjacencies), RouteTable, out bool changed);
        if (!changed) return;
        RouteTable = table;
        _events.Enqueue(new RouteTableChanged(now, table));
    }

    // ---- helpers -----------------------------------------------------------------------------

    private LinkStateInterface Interface(int interfaceId) =>
        _interfaceById.TryGetValue(interfaceId, out var link) ? link : throw new ArgumentException($"unknown interface {interfaceId}", nameof(interfaceId));

    private static AdjacencyInfo Describe(LinkStateInterface link) =>
        new(link.Id, link.IsUp, link.State, link.NeighborRouterId, link.Metric);
}
