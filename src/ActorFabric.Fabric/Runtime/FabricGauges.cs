using ActorFabric.Protocols.Bgp.Session;

namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// Figures one device publishes for /metrics: plain fields written by the device actor only, read at scrape time
/// from another thread (single-writer counters; a scrape sees a recent value, never a torn one on 64-bit).
/// </summary>
/// <summary>OISM copies of one device (RFC 9625), over restarts; written by that device's actor only.</summary>
internal sealed class OismGauges
{
    public long RoutedCopies;
    public long SbdCopies;
    public long ExternalReceived;
    public long ExternalSent;
    public long TtlExpired;
}

/// <summary>One Ethernet segment as one leaf sees it; written by that leaf's actor only.</summary>
internal sealed class SegmentGauges
{
    public long DfChanges;
    public long SplitHorizonDrops;
    public long NonDfBlocks;
}

internal sealed class DeviceGauges
{
    /// <summary>By topology segment index; null on devices with no segment link (set once by the device).</summary>
    public SegmentGauges[]? Segments;
    /// <summary>Null on devices that route no IP-VRF (set once by the device).</summary>
    public RoutingGauges? Routing;
    /// <summary>Null on devices without an OISM tenant (set once by the device).</summary>
    public OismGauges? Oism;

    public readonly long[] SessionsByState = new long[Enum.GetValues<BgpSessionState>().Length];
    public long Type2Routes;
    /// <summary>BGP sessions of the device that left Established (a counter; a device-stop of its own does not count).</summary>
    public long BgpSessionFlaps;
    /// <summary>TCP data segments the device's BGP connections sent again (timeout, fast retransmit, partial ACK), a counter.</summary>
    public long TcpRetransmissions;
    public long Type3Routes;
    public long FdbEntries;
    public long BumCopies;
    /// <summary>Sticky-MAC conflicts raised (RFC 7432 §15.2 alerts), a counter.</summary>
    public long StickyMacConflicts;
    /// <summary>AR operational-mode or replicator changes over the device's VNIs (RFC 9574 §5.2 re-selection), a counter.</summary>
    public long ReplicatorChanges;
    /// <summary>BUM bytes sent on fabric ports (copies made here and VXLAN BUM in transit), a counter.</summary>
    public long BumFabricBytes;
    /// <summary>IP-to-MAC bindings of ARP/ND suppression over the device's bridge domains (RFC 7432 §10).</summary>
    public long ArpEntries;
    /// <summary>MAC moves the device's MAC-VRFs have seen (RFC 7432 §15), a counter that survives a device-stop.</summary>
    public long MacMoves;
    /// <summary>MACs frozen as duplicates now (RFC 7432 §15.1).</summary>
    public long DuplicateMacs;
    /// <summary>Prefixes in the device's IP-VRF route tables (connected, gateway, host and type-5 routes).</summary>
    public long IpVrfRoutes;
    /// <summary>Host routes (/32, /128) of the IP-VRFs whose best path is a host, local or remote.</summary>
    public long IpVrfHostRoutes;
}

/// <summary>
/// Per-link traffic counters and settings, written by the cable only (the link actor, or the host actor for an access
/// link): the settings when the cable starts and whenever a chaos action changes them.
/// </summary>
internal sealed class LinkGauges
{
    public long FramesAtoB, BytesAtoB, FramesBtoA, BytesBtoA;
    /// <summary>Frames the cable did not deliver (link down or random loss), by the side that sent them.</summary>
    public long DroppedAtoB, DroppedBtoA;
    /// <summary>1 while the link is up, 0 while down.</summary>
    public long Up;
    /// <summary>The configured one-way latency in ticks (100 ns).</summary>
    public long LatencyTicks;
    /// <summary>The configured loss probability, 0..1 (a double is written and read whole on 64-bit).</summary>
    public double Loss;
}
