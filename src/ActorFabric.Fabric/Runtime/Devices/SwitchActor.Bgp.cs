using Akka.Event;
using System.Buffers.Binary;
using System.Net;
using ActorFabric.Fabric.Runtime.Transport;
using ActorFabric.Fabric.Topology;
using ActorFabric.Protocols.Bfd;
using ActorFabric.Protocols.Bgp.Rib;
using ActorFabric.Protocols.Bgp.Session;
using ActorFabric.Protocols.Bgp.Speaker;
using ActorFabric.Protocols.Bgp.Transport;
using ActorFabric.Protocols.Timing;
using ActorFabric.Protocols.Tcp;
using ActorFabric.Wire.Bfd;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Hashing;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.Runtime.Devices;

// BGP over the emulated TCP stream, and BFD (RFC 5880 asynchronous mode, multihop RFC 5883) per session.
internal sealed partial class SwitchActor
{
    private const ushort BfdMultihopPort = 4784;
    // Connection attempts: the BGP session times them (ConnectRetryTimer, RFC 4271 §8.2.2), starting at 2 s and
    // doubling up to 8 s while attempts go unanswered — a busy reflector, or a path across cluster nodes, can take
    // longer than 2 s to answer a SYN. TCP's own handshake timeout only catches an attempt the session forgot.
    private static readonly TimeSpan ConnectRetryTime = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxConnectRetryTime = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan ConnectTimeout = MaxConnectRetryTime + TimeSpan.FromSeconds(1);

    private BgpSpeaker? _bgp;
    private readonly BgpMessageEncoding _encoding = new();
    private readonly List<BgpConnection> _connections = [];
    private readonly Dictionary<BgpPeer, BgpConnection> _connectionByPeer = [];
    private readonly Dictionary<uint, BfdPeer> _bfdByDiscriminator = [];
    private readonly Dictionary<BgpPeer, BfdPeer> _bfdByPeer = [];
    private readonly Dictionary<BgpPeer, PeerHistory> _history = [];
    private readonly List<BgpDecodeResult> _decoded = [];
    private uint _nextDiscriminator;
    private ushort _nextLocalPort;
    private uint _connectionCounter;

    private sealed class BfdPeer(BfdSession session, BgpPeer peer, uint remote)
    {
        public readonly BfdSession Session = session;
        public readonly BgpPeer Peer = peer;
        public readonly uint Remote = remote;
        public bool WasUp;
    }

    private sealed class PeerHistory
    {
        public TimeSpan LastChange;
        public int Flaps;
        public string? Device;
    }

    private void StartBgp(TimeSpan now)
    {
        var settings = _topology.Settings;
        RouteTargetSet? importFilter = null;
        // A route reflector keeps every route to reflect it, even when it is also a VTEP (a CRB routing spine).
        if (_vrfs.Count > 0 && !_node.IsRouteReflector)
        {
            var rts = new List<ExtendedCommunity>();
            foreach (var vrf in _vrfs) rts.AddRange(vrf.Options.ImportRouteTargets);
            AddIpVrfImportTargets(rts);
            // RFC 7432 §8.1.1: a PE imports the ES routes of its own segments by their ES-Import RT.
            foreach (var segment in _segments) rts.Add(segment.Options.EsImportRouteTarget ?? EsImportTargetOf(segment.Esi));
            importFilter = new RouteTargetSet(rts);
        }
        _bgp = new BgpSpeaker(new BgpSpeakerConfig
        {
            LocalAs = _node.Asn,
            RouterId = _node.RouterId,
            RouteReflector = _node.IsRouteReflector,
            ImportFilter = importFilter,
            ReportBestPathChanges = _vrfs.Count > 0,
            // RFC 4684 on the wire: leaves announce their import RTs as RT-membership routes (AFI 1 / SAFI 132),
            // reflectors announce the default membership and send each client only routes it imports.
            RouteTargetConstraint = _topology.Settings.RouteTargetConstraint,
            RouteInterner = _setup.RouteInterner,
            AttributeInterner = _setup.AttributeInterner,
            UpdateDelay = _setup.BgpUpdateDelay,
        });
        foreach (var s in _topology.BgpSessions)
        {
            int remote;
            bool passive;
            if (s.Local == _node.Index) { remote = s.Remote; passive = false; }
            else if (s.Remote == _node.Index) { remote = s.Local; passive = true; }
            else continue;
            var peerNode = _topology.Nodes[remote];
            // The client (leaf) opens the connection to the reflector; between reflectors the 'local' end does.
            if (s.Kind == BgpSessionKind.ClientToReflector) passive = _node.IsRouteReflector && !peerNode.IsRouteReflector ? true : passive;
            var peer = _bgp.AddPeer(new BgpSessionConfig
            {
                LocalAs = _node.Asn,
                RouterId = _node.RouterId,
                PeerAs = peerNode.Asn,
                PeerAddress = FabricAddressing.ToIp(peerNode.Loopback),
                HoldTime = settings.BgpHoldTime,
                ConnectRetryTime = ConnectRetryTime,
                MaxConnectRetryTime = MaxConnectRetryTime,
                // Fabric sessions run over one LAN: after repeated failures (a busy machine in real time) retry within
                // seconds, not the minute the default back-off reaches (RFC 4271 §8.1.1 leaves damping optional).
                MaxIdleHoldTime = TimeSpan.FromSeconds(4),
                Passive = passive,
                RouteReflectorClient = _node.IsRouteReflector && !peerNode.IsRouteReflector,
                // In one process no graceful restart: with BFD the point is to withdraw a dead leaf's routes at once
                // (RFC 5882 §4.3.2). In a cluster a device whose node dies comes back elsewhere within seconds, and
                // its peers keep its routes meanwhile (RFC 4724 §4.2, helper mode).
                GracefulRestartTimeSeconds = _setup.GracefulRestart ? (ushort)120 : null,
                GracefulRestartForwardingPreserved = _setup.GracefulRestart,
            }, now);
            _history[peer] = new PeerHistory { LastChange = now, Device = peerNode.Name };
            _setup.Gauges.SessionsByState[(int)BgpSessionState.Idle]++; // the speaker reports the move out of Idle
        }
    }

    private void StopBgp()
    {
        if (_bgp is null) return;
        foreach (var c in _connections) _tcpRetransmissionsBase += c.Tcp.Retransmissions;
        foreach (var p in _bgp.Peers)
        {
            if (p.State == BgpSessionState.Established) _board.SessionDelta(-1);
            _setup.Gauges.SessionsByState[(int)p.State]--;
        }
        _setup.Gauges.Type2Routes = _setup.Gauges.Type3Routes = 0;
        _board.RoutesDelta(-_importedRoutes);
        _importedRoutes = 0;
        _bgp = null;
        _dirty.Clear();
        _connections.Clear();
        _connectionByPeer.Clear();
        _bfdByDiscriminator.Clear();
        _bfdByPeer.Clear();
    }

    private TimeSpan? NextBgpDeadline()
    {
        TimeSpan? next = _bgp?.PollTimeout();
        foreach (var b in _bfdByPeer.Values) next = Deadline.Earliest(next, b.Session.PollTimeout());
        foreach (var c in _connections) next = Deadline.Earliest(next, c.Tcp.PollTimeout());
        return next;
    }

    private void TickBgp(TimeSpan now)
    {
        if (_bgp is null) return;
        if (_bgp.PollTimeout() is { } t && t <= now) _bgp.HandleTimeout(now);
        foreach (var b in _bfdByPeer.Values)
            if (b.Session.PollTimeout() is { } bt && bt <= now) b.Session.HandleTimeout(now);
        for (int i = _connections.Count - 1; i >= 0; i--)
        {
            var c = _connections[i];
            if (c.Tcp.PollTimeout() is { } d && d <= now)
            {
                c.Tcp.HandleTimeout(now);
                SendSegments(c); // a retransmission (RFC 6298 §5.4)
                _bgp.HandleTransportActivity(now);
                HandleTcpEvents(c, now);
            }
        }
    }

    /// <summary>Drains the speaker; returns whether anything was done (a MAC-VRF may have new effects).</summary>
    private bool DrainBgp(TimeSpan now)
    {
        // The speaker holds its outputs for the update delay (batching); delayed ACKs leave with them.
        if (_bgp is null || !_bgp.OutputsDue(now)) return false;
        bool any = false;
        while (_bgp.TryPoll(now, out var output))
        {
            any = true;
            switch (output)
            {
                case BgpTransmit t:
                    if (_connectionByPeer.TryGetValue(t.Peer, out var conn) && conn.Tcp.State == TcpState.Established)
                    {
                        // Coalesced per connection; sent when the speaker is drained (fewer, fuller segments).
                        if (conn.Tcp.QueuedBytes == 0) _dirty.Add(conn);
                        conn.Tcp.Write(_encoding.Encode(t.Message, t.Peer.CodecOptions), now);
                    }
                    break;
                case BgpConnectRequested c:
                    OpenConnection(c.Peer, now);
                    break;
                case BgpDisconnectRequested d:
                    if (_connectionByPeer.TryGetValue(d.Peer, out var closing))
                    {
                        closing.Tcp.Close(now);
                        SendSegments(closing);
                        RemoveConnection(closing, now);
                    }
                    break;
                case BgpPeerStateChanged s:
                    OnPeerState(s, now);
                    break;
                case BgpBestPathChanged b:
                    ApplyBestPath(b.Change, now);
                    break;
                case BgpPeerRemoved r:
                    if (_connectionByPeer.TryGetValue(r.Peer, out var gone)) RemoveConnection(gone, now);
                    break;
            }
        }
        foreach (var c in _dirty) SendSegments(c);
        _dirty.Clear();
        // Delayed ACK: one cumulative ACK per connection per turn for data the data segments did not acknowledge.
        foreach (var c in _connections)
        {
            c.Tcp.AcknowledgeReceived(now);
            SendSegments(c);
        }
        return any;
    }

    private readonly List<BgpConnection> _dirty = [];

    private void OnPeerState(BgpPeerStateChanged s, TimeSpan now)
    {
        if (_history.TryGetValue(s.Peer, out var h)) h.LastChange = now;
        _setup.Gauges.SessionsByState[(int)s.From]--;
        _setup.Gauges.SessionsByState[(int)s.To]++;
        if (s.To == BgpSessionState.Established)
        {
            _board.SessionDelta(+1);
            StartBfd(s.Peer, now);
        }
        else if (s.From == BgpSessionState.Established)
        {
            _board.SessionDelta(-1);
            if (h is not null) h.Flaps++;
            _setup.Gauges.BgpSessionFlaps++;
            StopBfd(s.Peer);
        }
    }

    // ------------------------------------------------------------------ emulated TCP

    private void OpenConnection(BgpPeer peer, TimeSpan now)
    {
        if (_connectionByPeer.TryGetValue(peer, out var old)) RemoveConnection(old, now);
        uint remote = FabricAddressing.ToUInt(peer.Address);
        ushort localPort = (ushort)(49152 + (_nextLocalPort++ % 16384));
        var conn = NewConnection(remote, localPort, BgpConnection.BgpPort, peer, active: true);
        AddConnection(conn);
        conn.Tcp.Connect(now);
        if (!SendSegments(conn))
        {
            // No route to the peer: the connection attempt fails at once (RFC 4271 §8.2.2 TcpConnectionFails).
            RemoveConnection(conn, now);
            _bgp!.TransportFailed(peer, now);
        }
    }

    private BgpConnection NewConnection(uint remote, ushort localPort, ushort remotePort, BgpPeer peer, bool active) =>
        new(new TcpConnection(new TcpConnectionOptions
        {
            LocalAddress = new Ipv4Address(_node.Loopback),
            RemoteAddress = new Ipv4Address(remote),
            LocalPort = localPort,
            RemotePort = remotePort,
            // Hashed with the client's ephemeral port on both sides, so each connection gets its own ISS.
            InitialSequence = InitialSequence(remote, active ? localPort : remotePort),
            ConnectTimeout = ConnectTimeout,
        }), peer, active);

    private uint InitialSequence(uint remote, ushort localPort)
    {
        uint h = HashMixer.Mix(Fnv1a.Hash32(_node.Name) ^ (uint)_setup.Seed);
        return HashMixer.Mix(h ^ remote ^ ((uint)localPort << 16) ^ ++_connectionCounter);
    }

    private void AddConnection(BgpConnection c)
    {
        _connections.Add(c);
        _connectionByPeer[c.Peer] = c;
    }

    private void RemoveConnection(BgpConnection c, TimeSpan now)
    {
        c.Tcp.Abort(now);
        if (_connections.Remove(c)) _tcpRetransmissionsBase += c.Tcp.Retransmissions;
        if (_connectionByPeer.TryGetValue(c.Peer, out var current) && current == c) _connectionByPeer.Remove(c.Peer);
    }

    /// <summary>Sends every segment the connection has queued; false when one could not be routed.</summary>
    private bool SendSegments(BgpConnection c)
    {
        bool sent = true;
        while (c.Tcp.TryPollTransmit(out var t)) sent &= SendControlPacket(t.Packet, tcp: true);
        return sent;
    }

    /// <summary>
    /// In one pass over the connections: to the convergence board, the data octets this device's BGP connections
    /// have sent (or queued behind the window) and the peers have not acknowledged yet — 0 when every UPDATE sent has
    /// been received and processed (a connection that closed counts 0; see <see cref="TcpConnection.UnacknowledgedBytes"/>);
    /// to the gauges, the data segments they sent again, closed connections and earlier lives included (a counter).
    /// </summary>
    private void PublishTcpFigures()
    {
        long bytes = 0, retransmissions = _tcpRetransmissionsBase;
        foreach (var c in _connections)
        {
            bytes += c.Tcp.UnacknowledgedBytes + c.Tcp.QueuedBytes;
            retransmissions += c.Tcp.Retransmissions;
        }
        _board.SetBytesUnacknowledged(bytes);
        _setup.Gauges.TcpRetransmissions = retransmissions;
    }

    private void HandleTcpFrame(byte[] frame, TimeSpan now)
    {
        if (_bgp is null) return;
        _bgp.HandleTransportActivity(now);
        var ipBytes = frame.AsSpan(EthernetHeader.UntaggedLength);
        if (Ipv4Header.TryRead(ipBytes, out var ip, out var l4) != PacketError.None) return;
        if (TcpHeader.TryRead(l4, out var seg, out var payload) != PacketError.None) return;
        var src = ip.Source;

        if ((seg.Flags & (TcpFlags.Syn | TcpFlags.Ack | TcpFlags.Rst)) == TcpFlags.Syn)
        {
            // The listener on port 179 (RFC 9293 §3.10.7.2).
            if (seg.DestinationPort != BgpConnection.BgpPort) return;
            // The speaker accepts at the end of the handshake (AcceptConnection queues OPEN at once); here we only
            // check that the peer is configured and not already past Active.
            var peer = _bgp.FindPeer(FabricAddressing.ToIp(src.Value));
            if (peer is not null && peer.State is not (BgpSessionState.Idle or BgpSessionState.Connect or BgpSessionState.Active)) peer = null;
            if (peer is null || (_connectionByPeer.TryGetValue(peer, out var live) && live.Tcp.State == TcpState.Established))
            {
                // Refused: no such peer, or a session already runs.
                SendControlPacket(TcpConnection.RefuseSyn(new Ipv4Address(_node.Loopback), src, seg).Packet, tcp: true);
                return;
            }
            var accepted = NewConnection(src.Value, BgpConnection.BgpPort, seg.SourcePort, peer, active: false);
            if (_connectionByPeer.TryGetValue(peer, out var stale)) RemoveConnection(stale, now);
            accepted.Tcp.AcceptSyn(seg, now);
            AddConnection(accepted);
            SendSegments(accepted);
            return;
        }

        BgpConnection? conn = null;
        foreach (var c in _connections)
            if (c.Tcp.Matches(src, seg.SourcePort, seg.DestinationPort)) { conn = c; break; }
        if (conn is null)
        {
            // A connection this side dropped (replaced, refused, or lost with a restart) that the peer still uses.
            if (TcpConnection.ResetFor(new Ipv4Address(_node.Loopback), src, seg, payload.Length) is { } reset) SendControlPacket(reset.Packet, tcp: true);
            return;
        }
        conn.Tcp.HandleSegment(seg, payload, now);
        SendSegments(conn);
        HandleTcpEvents(conn, now);
    }

    private void HandleTcpEvents(BgpConnection conn, TimeSpan now)
    {
        while (conn.Tcp.TryPollEvent(out var e))
        {
            switch (e.Kind)
            {
                case TcpEventKind.Connected:
                    bool wanted = conn.Active
                        ? _bgp!.TransportConnected(conn.Peer, now)
                        : _bgp!.AcceptConnection(conn.Peer.Address, now) == conn.Peer;
                    if (!wanted)
                    {
                        // The session took another connection meanwhile, or was stopped: this one goes.
                        conn.Tcp.Reset(now);
                        SendSegments(conn);
                        RemoveConnection(conn, now);
                        return;
                    }
                    break;
                case TcpEventKind.Data:
                    _decoded.Clear();
                    conn.Reader.Receive(e.Data!, () => conn.Peer.CodecOptions, _decoded);
                    foreach (var r in _decoded)
                    {
                        // RFC 7606 §8: an error handled without a reset (attribute discard, treat-as-withdraw, one
                        // undecodable route withdrawn) is logged; a reset shows in the NOTIFICATION and session state.
                        if (r.Errors.Length > 0 && !r.IsSessionReset)
                            Context.GetLogger().Warning("{0}: UPDATE from {1} with errors handled without a reset: {2}", _node.Name, conn.Peer.Address,
                                string.Join("; ", r.Diagnostics));
                        _bgp!.HandleReceived(conn.Peer, r, now);
                    }
                    break;
                case TcpEventKind.Closed:
                    RemoveConnection(conn, now);
                    _bgp!.TransportClosed(conn.Peer, now);
                    break;
                case TcpEventKind.Failed:
                    RemoveConnection(conn, now);
                    if (conn.Active) _bgp!.TransportFailed(conn.Peer, now);
                    break;
            }
        }
    }

    // ------------------------------------------------------------------ BFD

    private void StartBfd(BgpPeer peer, TimeSpan now)
    {
        StopBfd(peer);
        var settings = _topology.Settings;
        uint discriminator = ++_nextDiscriminator;
        var random = new Random((int)HashMixer.Mix((uint)_setup.Seed ^ ((uint)_node.Index << 12) ^ discriminator));
        var session = new BfdSession(discriminator, new BfdSessionOptions
        {
            DesiredMinTxInterval = settings.BfdInterval,
            RequiredMinRxInterval = settings.BfdInterval,
            DetectMultiplier = (byte)settings.BfdMultiplier,
        }, random);
        var entry = new BfdPeer(session, peer, FabricAddressing.ToUInt(peer.Address));
        _bfdByDiscriminator[discriminator] = entry;
        _bfdByPeer[peer] = entry;
        session.Start(now);
    }

    private void StopBfd(BgpPeer peer)
    {
        if (!_bfdByPeer.Remove(peer, out var entry)) return;
        _bfdByDiscriminator.Remove(entry.Session.LocalDiscriminator);
    }

    private void HandleBfdFrame(byte[] frame, TimeSpan now)
    {
        var ipBytes = frame.AsSpan(EthernetHeader.UntaggedLength);
        if (Ipv4Header.TryRead(ipBytes, out var ip, out var l4) != PacketError.None) return;
        if (UdpHeader.TryRead(l4, out var udp, out var payload) != PacketError.None || udp.DestinationPort != BfdMultihopPort) return;
        if (BfdControlPacket.TryRead(payload, out var packet) != BfdDecodeError.None) return;
        BfdPeer? entry = null;
        if (packet.YourDiscriminator != 0) _bfdByDiscriminator.TryGetValue(packet.YourDiscriminator, out entry);
        else
        {
            foreach (var b in _bfdByPeer.Values)
                if (b.Remote == ip.Source.Value) { entry = b; break; }
        }
        entry?.Session.HandlePacket(packet, now);
    }

    private void DrainBfd(TimeSpan now)
    {
        if (_bfdByPeer.Count == 0) return;
        List<BfdPeer>? down = null;
        foreach (var b in _bfdByPeer.Values)
        {
            while (b.Session.TryPollTransmit(out var t)) SendBfd(b, t.Packet);
            while (b.Session.TryPollEvent(out var e))
            {
                if (e.Kind == BfdSessionEventKind.Up) b.WasUp = true;
                else if (e.Kind == BfdSessionEventKind.Down && b.WasUp) (down ??= []).Add(b);
            }
        }
        if (down is null) return;
        foreach (var b in down)
        {
            // BFD says the path is gone (RFC 5882 §4.3): drop the BGP session now instead of waiting for the hold timer.
            StopBfd(b.Peer);
            if (_connectionByPeer.TryGetValue(b.Peer, out var conn))
            {
                conn.Tcp.Reset(now);
                SendSegments(conn);
                RemoveConnection(conn, now);
            }
            _bgp?.TransportClosed(b.Peer, now);
        }
    }

    private void SendBfd(BfdPeer b, in BfdControlPacket packet)
    {
        const int udpLength = UdpHeader.HeaderLength + BfdControlPacket.MandatoryLength;
        // RFC 5883 §5: multihop sessions use destination port 4784; TTL is not checked, so send 255.
        var ip = Ipv4Header.Create(new Ipv4Address(_node.Loopback), new Ipv4Address(b.Remote), IpProtocol.Udp, udpLength,
            ttl: 255, identification: (ushort)b.Session.LocalDiscriminator, typeOfService: 0xC0);
        var bytes = new byte[ip.WriteLength + udpLength];
        int off = ip.Write(bytes);
        ushort sourcePort = (ushort)(49152 + (b.Session.LocalDiscriminator % 16384));
        new UdpHeader(sourcePort, BfdMultihopPort, udpLength).Write(bytes.AsSpan(off));
        packet.WriteTo(bytes.AsSpan(off + UdpHeader.HeaderLength));
        UdpHeader.WriteChecksum(bytes.AsSpan(off), new Ipv4Address(_node.Loopback), new Ipv4Address(b.Remote));
        SendControlPacket(bytes, tcp: false);
    }
}
