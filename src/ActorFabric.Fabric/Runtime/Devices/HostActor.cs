using ActorFabric.Actors;
using ActorFabric.Actors.Messages;
using ActorFabric.Fabric.Hosts;
using ActorFabric.Fabric.Runtime.Messages;
using ActorFabric.Fabric.Topology;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.Runtime.Devices;

/// <summary>Ping <see cref="Destination"/> <see cref="Count"/> times (1 s apart); the reply is a <see cref="HostPingDone"/>.</summary>
internal sealed record HostPingRequest(uint Destination, int Count, TimeSpan Timeout);

internal sealed record HostPingDone(Hosts.PingResult Result, List<Runtime.PingReply> Replies) : ILocalMessage;

/// <summary>Send a gratuitous ARP again (after a VM move).</summary>
internal sealed record HostAnnounce
{
    public static readonly HostAnnounce Instance = new();
}

/// <summary>Start a UDP flow; the reply (<see cref="HostUdpFlowDone"/>) comes when the last datagram left.</summary>
internal sealed record HostUdpFlowRequest(uint Destination, ushort DestinationPort, ushort SourcePort, int Count, TimeSpan Interval, int PayloadSize) : ILocalMessage;

internal sealed record HostUdpFlowDone(long Sent) : ILocalMessage;

/// <summary>Datagrams received on a UDP port so far (reply: <see cref="HostUdpCounters"/>).</summary>
internal sealed record HostUdpCountersQuery(ushort Port) : ILocalMessage;

internal sealed record HostUdpCounters(long Datagrams, long Bytes) : ILocalMessage;

/// <summary>Periodic re-announcement (keeps a silent host's MAC from ageing out on its leaf).</summary>
internal sealed record HostRefresh
{
    public static readonly HostRefresh Instance = new();
}

internal sealed record HostSetup(FabricHost Host, ConvergenceBoard Board, PathTracer Tracer, bool Announce, TimeSpan RefreshInterval)
{
    public IActorRef? Link { get; set; }
}

/// <summary>
/// An end host (or VM) on a leaf access port, hosting an <see cref="EmulatedHost"/> stack: GARP when started,
/// ARP, ICMP echo, pings with emulated round-trip times. One actor timer, re-armed to the stack's next deadline.
/// </summary>
internal sealed class HostActor : UntypedActor
{
    private const string TimerKey = "tick";
    private const string RefreshKey = "refresh";
    private readonly HostSetup _setup;
    private readonly EmulatedHost _host;
    // Created on first use, and one switch instead of a handler delegate per message type: a big fabric has
    // ~100,000 hosts, nearly all of which only announce themselves and answer ARP.
    private Dictionary<int, (IActorRef Asker, List<Runtime.PingReply> Replies)>? _pingAskers;
    private Dictionary<int, IActorRef>? _flowAskers;
    private TimeSpan? _armedFor;

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
        });
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case FrameIn m:
                if (_setup.Tracer.Armed) _setup.Tracer.OnHost(_setup.Host.Name, m.Frame, sent: false);
                _host.HandleFrame(m.Frame, Context.Now);
                Pump();
                break;
            case DeviceTick:
                _armedFor = null;
                if (_host.PollTimeout() is { } t && t <= Context.Now) _host.HandleTimeout(Context.Now);
                Pump();
                break;
            case HostRefresh:
                _host.Reannounce(Context.Now);
                Context.Timers.StartSingleTimer(RefreshKey, HostRefresh.Instance, _setup.RefreshInterval);
                Pump();
                break;
            case Boot:
                OnBoot();
                break;
            case PortStatus:
                break;
            case HostPingRequest m:
                var session = _host.Ping(new Ipv4Address(m.Destination), m.Count, TimeSpan.FromSeconds(1), 56, Context.Now, m.Timeout);
                (_pingAskers ??= [])[session.Id] = (Sender, []);
                Pump();
                break;
            case HostUdpFlowRequest m:
                var flow = _host.StartUdpFlow(new Ipv4Address(m.Destination), m.DestinationPort, m.SourcePort, m.Count, m.Interval, m.PayloadSize, Context.Now);
                (_flowAskers ??= [])[flow.Id] = Sender;
                Pump();
                break;
            case HostUdpCountersQuery m:
                var c = _host.UdpReceived(m.Port);
                Sender.Tell(new HostUdpCounters(c.Datagrams, c.Bytes));
                break;
            case HostAnnounce:
                _host.MoveTo(null, Context.Now);
                Pump();
                break;
            case DeviceQuery:
                Sender.Tell(Ack.Instance);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void OnBoot()
    {
        if (_host.Started) return;
        _host.Start(Context.Now);
        // The stack announces itself on start; without announcements the GARP is discarded (FabricRunOptions.AnnounceHosts).
        if (!_setup.Announce) while (_host.TryPollTransmit(out byte[] _)) { }
        else if (_setup.RefreshInterval > TimeSpan.Zero)
        {
            // Spread the refreshes over a second so a big fabric does not announce all its hosts at once.
            var offset = TimeSpan.FromMilliseconds(_setup.Host.Index % 1000);
            Context.Timers.StartSingleTimer(RefreshKey, HostRefresh.Instance, _setup.RefreshInterval + offset);
        }
        Pump();
    }

    private void Pump()
    {
        while (_host.TryPollTransmit(out var frame))
        {
            if (_setup.Tracer.Armed) _setup.Tracer.OnHost(_setup.Host.Name, frame, sent: true);
            _setup.Link?.Tell(new LinkTransmit(0, frame), Self);
        }
        while (_host.TryPollEvent(out var e))
        {
            if (e is Hosts.PingReply reply && _pingAskers is not null && _pingAskers.TryGetValue(reply.SessionId, out var pending))
                pending.Replies.Add(new Runtime.PingReply(reply.Sequence, reply.RoundTrip, reply.Ttl));
            else if (e is UdpFlowCompleted flowDone && _flowAskers is not null && _flowAskers.Remove(flowDone.FlowId, out var flowAsker))
                flowAsker.Tell(new HostUdpFlowDone(flowDone.Sent));
            else if (e is PingCompleted done && _pingAskers is not null && _pingAskers.Remove(done.SessionId, out var asker))
                asker.Asker.Tell(new HostPingDone(done.Result, asker.Replies));
        }
        var next = _host.PollTimeout();
        if (next == _armedFor) return;
        _armedFor = next;
        if (next is { } at)
        {
            var delay = at - Context.Now;
            Context.Timers.StartSingleTimer(TimerKey, DeviceTick.Instance, delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
        }
        else Context.Timers.Cancel(TimerKey);
    }
}
