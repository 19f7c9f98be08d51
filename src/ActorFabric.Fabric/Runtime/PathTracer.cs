using ActorFabric.Fabric.DataPlane;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// Records the hops of one ICMP echo request (source IP → destination IP, the first sequence number seen) while
/// armed: every device's data plane reports what it forwarded, this keeps the matching ones. Off (one null/flag
/// check per frame) when nobody pings.
/// </summary>
internal sealed class PathTracer : IForwardingTracer
{
    private readonly object _gate = new();
    private readonly List<PathHop> _hops = [];
    private volatile bool _armed;
    private uint _source, _destination;
    private int _sequence = -1;

    public bool Armed => _armed;

    public void Arm(uint source, uint destination)
    {
        lock (_gate)
        {
            _hops.Clear();
            _source = source;
            _destination = destination;
            _sequence = -1;
            OuterSourcePort = 0;
            _armed = true;
        }
    }

    /// <summary>Outer UDP source port of the first VXLAN encapsulation of the traced echo (the ECMP flow hash input).</summary>
    public ushort OuterSourcePort { get; private set; }

    public List<PathHop> Disarm()
    {
        lock (_gate)
        {
            _armed = false;
            return [.. _hops];
        }
    }

    /// <summary>Hosts report their own send/receive of the traced echo request.</summary>
    public void OnHost(string host, ReadOnlySpan<byte> frame, bool sent)
    {
        if (!_armed || !Matches(frame)) return;
        lock (_gate) _hops.Add(new PathHop(host, null, null));
    }

    public void OnForward(string device, PortId ingress, PortId egress, ForwardingStage stage, ReadOnlySpan<byte> frame)
    {
        if (!_armed || !Matches(frame)) return;
        lock (_gate)
        {
            _hops.Add(new PathHop(device, PortName(ingress), PortName(egress)));
            if (stage == ForwardingStage.Encapsulated && OuterSourcePort == 0) OuterSourcePort = FrameDescription.Parse(frame).Frame.SourcePort;
        }
    }

    private bool Matches(ReadOnlySpan<byte> frame)
    {
        var d = FrameDescription.Parse(frame).Payload;
        if (!d.IsIcmpEcho || d.IcmpType != IcmpType.EchoRequest) return false;
        if (d.IpSource.Value != _source || d.IpDestination.Value != _destination) return false;
        lock (_gate)
        {
            if (_sequence < 0) _sequence = d.IcmpSequence;
            return d.IcmpSequence == _sequence;
        }
    }

    private static string? PortName(PortId port) => port.Value < 0 ? null : "eth" + port.Value;
}
