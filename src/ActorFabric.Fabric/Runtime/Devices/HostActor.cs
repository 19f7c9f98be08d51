using Akka.Actor;
using ActorFabric.Fabric.Hosts;
using ActorFabric.Fabric.Runtime.Links;
using ActorFabric.Fabric.Runtime.Messages;
using ActorFabric.Fabric.Topology;
using ActorFabric.Simulation;
using ActorFabric.Wire.Hashing;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.Runtime.Devices;

/// <summary>
/// Ping <see cref="Destination"/> <see cref="Count"/> times (1 s apart); the reply is a <see cref="HostPingDone"/>.
/// A non-zero <see cref="TraceId"/> marks the first echo request, so the devices on its path report their hops.
/// With <see cref="Destination6"/> (an IPv6 address) the host pings that with ICMPv6 instead.
/// </summary>
internal sealed record HostPingRequest(uint Destination, int Count, TimeSpan Timeout, int TraceId = 0, string? Destination6 = null) : IControlMessage;

internal sealed record HostPingDone(Hosts.PingResult Result, List<Runtime.PingReply> Replies) : IControlMessage;

/// <summary>Send a gratuitous ARP again (after a VM move).</summary>
internal sealed record HostAnnounce : IControlMessage
{
    public static readonly HostAnnounce Instance = new();
}

/// <summary>Start a UDP flow; the reply (<see cref="HostUdpFlowDone"/>) comes when the last datagram left.</summary>
internal sealed record HostUdpFlowRequest(uint Destination, ushort DestinationPort, ushort SourcePort, int Count, TimeSpan Interval, int PayloadSize) : IControlMessage;

internal sealed record HostUdpFlowDone(long Sent) : IControlMessage;

/// <summary>Datagrams received on a UDP port so far (reply: <see cref="HostUdpCounters"/>).</summary>
internal sealed record HostUdpCountersQuery(ushort Port) : IControlMessage;

internal sealed record HostUdpCounters(long Datagrams, long Bytes) : IControlMessage;

/// <summary>Frames the host's stack sent and accepted so far (reply: <see cref="HostFrameCounters"/>); tests count copies with it.</summary>
internal sealed record HostFrameCountersQuery : IControlMessage
{
    public static readonly HostFrameCountersQuery Instance = new();
}

internal sealed record HostFrameCounters(long Sent, long Received) : IControlMessage;

/// <summary>Periodic re-announcement (keeps a silent host's MAC from ageing out on its leaf).</summary>
internal sealed record HostRefresh : IControlMessage
{
    public static readonly HostRefresh Instance = new();
}

/// <summary>
/// What a host actor is built from, including its access link (<paramref name="Link"/>; side A is the host, side B
/// the leaf port): the host actor carries its own cable. A multihomed host (a server LAG) also has
/// <paramref name="MemberLinks"/>: its LAG links 1, 2, … to the segment's other leaves (link actors).
/// </summary>
internal sealed record HostSetup(FabricHost Host, IActorRef PathTraces, bool Announce, TimeSpan RefreshInterval, LinkSetup Link, IActorRef[]? MemberLinks = null);

/// <summary>
/// An end host (or VM) on a leaf access port, hosting an <see cref="EmulatedHost"/> stack: GARP when started,
/// ARP, ICMP echo, pings with emulated round-trip times. One scheduled tick at the stack's next deadline. It also
/// runs its access link's <see cref="Cable"/> (one actor per host, not two): frames it sends cross the cable at
/// once, frames the leaf sends arrive as <see cref="LinkTransmit"/> and reach the stack after the latency, and link
/// commands (state, latency, captures, VM move) are answered here.
/// </summary>
internal sealed class HostActor : UntypedActor, IWithTimers
{
    private const string RefreshKey = "refresh";
    private readonly HostSetup _setup;
    private readonly EmulatedHost _host;
    private readonly EmulatedClock _clock;
    private readonly Cable _link;
    private int _traceId;                // the traced ping's id until its first echo request leaves
    private HostAddress _traceDestination;
    // Created on first use, and one switch instead of a handler delegate per message type: a big fabric has
    // ~100,000 hosts, nearly all of which only announce themselves and answer ARP.
    private Dictionary<int, (IActorRef Asker, List<Runtime.PingReply> Replies)>? _pingAskers;
    private Dictionary<int, IActorRef>? _flowAskers;
    private Dictionary<uint, (IActorRef Asker, MulticastStream Stream)>? _streamAskers;
    private DeviceTicker _ticker;
    // A LAG: member 0 is _link, member k the link actor _members[k - 1]; carrier per member from PortStatus.
    private readonly IActorRef[] _members;
    private readonly bool[] _memberUp;
    // Single-active segments: what the leaf of each link declared (null: nothing yet). The bond sends on active
    // links when one is up, else on any up link that is not standby, else on any up link.
    private readonly bool?[] _memberActive;

    public ITimerScheduler Timers { get; set; } = null!;

    public HostActor(HostSetup setup)
    {
        _setup = setup;
        var h = setup.Host;
        _host = new EmulatedHost(new EmulatedHostOptions
        {
            Name = h.Name,
            Mac = new MacAddress(h.Mac),
            Address = new Ipv4Address(h.Ipv4),
            PrefixLength = h.PrefixLength,
            // The anycast gateway of the host's VLAN when an IP-VRF routes it (RFC 9135 §4.1): off-subnet traffic goes there.
            Gateway = h.HasGateway ? new Ipv4Address(h.Gateway) : null,
            // IPv6 in a VLAN with a gateway6: the address in its prefix, the anycast gateway as default router.
            Address6 = h.HasIpv6 ? AddressSyntax.ToIpv6(h.Ipv6) : null,
            PrefixLength6 = h.HasIpv6 ? h.Ipv6PrefixLength : 64,
            Gateway6 = h.HasIpv6 && h.Gateway6 != 0 ? AddressSyntax.ToIpv6(h.Gateway6) : null,
        });
        _clock = EmulatedClock.Get(Context.System);
        _link = new Cable(setup.Link with { A = Self, APort = 0 }, Context.System);
        _members = setup.MemberLinks ?? [];
        _memberUp = new bool[_members.Length + 1];
        _memberUp[0] = _link.IsUp;
        _memberActive = new bool?[_members.Length + 1];
    }

    private TimeSpan Now => _clock.Now;

    /// <summary>A crash restarts the host stack; the new instance's cable ends where this one's did (after VM moves too).</summary>
    protected override void PreRestart(Exception reason, object message)
    {
        var (device, port) = _link.EndB;
        Self.Tell(new LinkReattach(device, port));
        base.PreRestart(reason, message);
    }

    protected override void PreStart()
    {
        _link.Start(Self);
        for (int k = 1; k <= _members.Length; k++) _members[k - 1].Tell(new LinkEndA(Self, k), Self);
        OnBoot();
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case FrameIn m:
                if (m.TraceId != 0) ReportHop(m.TraceId);
                _host.HandleFrame(m.Frame, Now);
                Pump();
                break;
            case DeviceTick:
                _ticker.Fired(Now);
                if (_host.PollTimeout() is { } t && t <= Now) _host.HandleTimeout(Now);
                Pump();
                break;
            case HostRefresh:
                _host.Reannounce(Now);
                Timers.StartSingleTimer(RefreshKey, HostRefresh.Instance, _setup.RefreshInterval);
                Pump();
                break;
            case PortStatus m:
                if (m.Port >= _memberUp.Length) break;
                bool wasUp = _memberUp[m.Port];
                _memberUp[m.Port] = m.Up;
                // A link that comes back up gets the address announced again, as RFC 5227 §2.1/§2.3 has a host do
                // when its link state goes from down to up: the leaf at the far end may have restarted and forgotten
                // the host. A LAG does it for each member that comes back, like a teaming driver notifying the
                // switches on failback: the restarted leaf's segment peer installed the server's MAC from that leaf's
                // type 2 route and loses it with the route, so without it no leaf would advertise a silent server.
                if (!wasUp && m.Up && _host.Started && _setup.Announce)
                {
                    _host.Reannounce(Now);
                    Pump();
                }
                break;
            case LagMemberRole m:
                // From the leaf at the end of this host's own cable (−1), or relayed by a LAG link actor (its member).
                int member = m.Member < 0 ? 0 : m.Member;
                if (member >= _memberActive.Length || _memberActive[member] == m.Active) break;
                _memberActive[member] = m.Active;
                // Like an active-backup bond failing over: announce the host on the newly active link.
                if (m.Active && _host.Started)
                {
                    _host.Reannounce(Now);
                    Pump();
                }
                break;
            case HostPingRequest m:
                var target = m.Destination6 is { } v6 ? HostAddress.Parse(v6) : HostAddress.From(new Ipv4Address(m.Destination));
                var session = _host.Ping(target, m.Count, TimeSpan.FromSeconds(1), 56, Now, m.Timeout);
                _traceId = m.TraceId;
                _traceDestination = target;
                (_pingAskers ??= [])[session.Id] = (Sender, []);
                Pump();
                break;
            case HostUdpFlowRequest m:
                var flow = _host.StartUdpFlow(new Ipv4Address(m.Destination), m.DestinationPort, m.SourcePort, m.Count, m.Interval, m.PayloadSize, Now);
                (_flowAskers ??= [])[flow.Id] = Sender;
                Pump();
                break;
            case HostJoinGroup m:
                var membership = _host.Join(HostAddress.Parse(m.Group), Array.ConvertAll(m.Sources, HostAddress.Parse), m.Version, Now);
                Sender.Tell(new HostGroupChanged(true, membership.Protocol));
                Pump();
                break;
            case HostLeaveGroup m:
                Sender.Tell(new HostGroupChanged(_host.Leave(HostAddress.Parse(m.Group), Now), null));
                Pump();
                break;
            case HostMulticastStreamRequest m:
                var stream = _host.StartMulticastStream(HostAddress.Parse(m.Group), m.SourcePort, m.DestinationPort, m.Rate, m.PayloadSize, m.Count, Now, m.Ttl);
                (_streamAskers ??= [])[stream.Id] = (Sender, stream);
                Pump();
                break;
            case HostMulticastQuery m:
                Sender.Tell(MulticastReception(HostAddress.Parse(m.Group)));
                break;
            case HostFrameCountersQuery:
                Sender.Tell(new HostFrameCounters(_host.FramesSent, _host.FramesReceived));
                break;
            case HostUdpCountersQuery m:
                var c = _host.UdpReceived(m.Port);
                Sender.Tell(new HostUdpCounters(c.Datagrams, c.Bytes));
                break;
            case HostAnnounce:
                _host.MoveTo(null, Now);
                Pump();
                break;
            case DeviceQuery:
                Sender.Tell(Ack.Instance);
                break;
            default:
                if (!_link.TryHandle(message, Self, Sender)) Unhandled(message);
                break;
        }
    }

    private void OnBoot()
    {
        if (_host.Started) return;
        _host.Start(Now);
        // The stack announces itself on start; without announcements the GARP is discarded (FabricRunOptions.AnnounceHosts).
        if (!_setup.Announce) while (_host.TryPollTransmit(out byte[] _)) { }
        else if (_setup.RefreshInterval > TimeSpan.Zero)
        {
            // Spread the refreshes over a second so a big fabric does not announce all its hosts at once.
            var offset = TimeSpan.FromMilliseconds(_setup.Host.Index % 1000);
            Timers.StartSingleTimer(RefreshKey, HostRefresh.Instance, _setup.RefreshInterval + offset);
        }
        Pump();
    }

    private void Pump()
    {
        while (_host.TryPollTransmit(out var frame))
        {
            int trace = 0;
            if (_traceId != 0 && IsEchoRequestTo(frame, _traceDestination))
            {
                trace = _traceId;
                _traceId = 0;
                ReportHop(trace);
            }
            Transmit(frame, trace);
        }
        while (_host.TryPollEvent(out var e))
        {
            if (e is Hosts.PingReply reply && _pingAskers is not null && _pingAskers.TryGetValue(reply.SessionId, out var pending))
                pending.Replies.Add(new Runtime.PingReply(reply.Sequence, reply.RoundTrip, reply.Ttl));
            else if (e is UdpFlowCompleted flowDone && _flowAskers is not null && _flowAskers.Remove(flowDone.FlowId, out var flowAsker))
                flowAsker.Tell(new HostUdpFlowDone(flowDone.Sent));
            else if (e is MulticastStreamCompleted streamDone && _streamAskers is not null && _streamAskers.Remove(streamDone.StreamId, out var streamAsker))
                streamAsker.Asker.Tell(new HostMulticastStreamDone(streamDone.StreamId, streamAsker.Stream.Source.ToString(), streamDone.Sent, streamAsker.Stream.Start));
            else if (e is PingCompleted done && _pingAskers is not null && _pingAskers.Remove(done.SessionId, out var asker))
                asker.Asker.Tell(new HostPingDone(done.Result, asker.Replies));
        }
        _ticker.Arm(_host.PollTimeout(), Now, Context.System.Scheduler, Self);
    }

    /// <summary>
    /// Like a server's bond (layer 3+4 hashing): each flow leaves on one LAG member that is up, chosen by a hash of
    /// its addresses and ports; with every member down the frame is lost.
    /// </summary>
    private void Transmit(byte[] frame, int trace)
    {
        if (_members.Length == 0)
        {
            _link.Transmit(0, frame, trace, Self);
            return;
        }
        int preference = 0; // 2: active links only, 1: links not declared standby, 0: any up link
        for (int k = 0; k < _memberUp.Length; k++)
            if (_memberUp[k]) preference = Math.Max(preference, _memberActive[k] switch { true => 2, null => 1, false => 0 });
        int up = 0;
        for (int k = 0; k < _memberUp.Length; k++) if (Usable(k, preference)) up++;
        if (up == 0) return;
        int pick = (int)(FlowHash.OfFrame(frame) % (uint)up);
        for (int k = 0; k < _memberUp.Length; k++)
        {
            if (!Usable(k, preference) || pick-- > 0) continue;
            if (k == 0) _link.Transmit(0, frame, trace, Self);
            else _members[k - 1].Tell(new LinkTransmit(0, frame, trace), Self);
            return;
        }
    }

    private HostMulticastReception MulticastReception(HostAddress group)
    {
        var membership = _host.Memberships.FirstOrDefault(m => m.Group == group);
        var streams = new List<MulticastStreamReception>();
        foreach (var c in _host.MulticastReceived())
            if (c.Key.Group == group) streams.Add(MulticastStreamReception.From(c));
        return new HostMulticastReception(membership is not null, membership?.Protocol, [.. streams]);
    }

    private bool Usable(int member, int preference) =>
        _memberUp[member] && (_memberActive[member] switch { true => 2, null => 1, false => 0 }) >= preference;

    private void ReportHop(int traceId) => _setup.PathTraces.Tell(new PathHopReport(traceId, new PathHop(_setup.Host.Name, null, null), 0), Self);

    private static bool IsEchoRequestTo(byte[] frame, HostAddress destination)
    {
        if (destination.IsIpv6)
            return EthernetHeader.TryRead(frame, out var eth) == PacketError.None &&
                Icmpv6Echo.TryRead(frame.AsSpan(eth.Length), out var ip, out var echo, out _) == PacketError.None && echo.IsRequest && ip.Destination == destination.Ipv6;
        var d = FrameDescription.Parse(frame).Payload;
        return d.IsIcmpEcho && d.IcmpType == IcmpType.EchoRequest && d.IpDestination == destination.Ipv4;
    }
}
