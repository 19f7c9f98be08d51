using System.Net;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Bridging;

/// <summary>
/// The bridge's verdict on one frame; a value type so the per-frame path allocates nothing.
/// For <see cref="ForwardingAction.Flood"/> the caller expands the copies with
/// <see cref="BridgeDomain.CopyFloodPorts"/> (local ports, ingress excluded, egress filter applied) and
/// <see cref="BridgeDomain.FloodTargets"/> (remote VTEPs; empty for frames that came from the fabric).
/// </summary>
public readonly record struct ForwardingDecision(
    ForwardingAction Action,
    BridgeDomain? Domain,
    PortId Port,
    IPAddress? Vtep,
    uint RemoteVni,
    BumTrafficKind BumKind,
    PortId? IngressPort,
    IPAddress? SourceVtep,
    MacAddress ProxyMac,
    DropReason DropReason)
{
    public static ForwardingDecision Dropped(BridgeDomain? domain, DropReason reason) =>
        new(ForwardingAction.Drop, domain, default, null, 0, default, null, null, default, reason);

    public static ForwardingDecision ToPort(BridgeDomain domain, PortId port) =>
        new(ForwardingAction.DeliverToPort, domain, port, null, 0, default, null, null, default, DropReason.None);

    public static ForwardingDecision ToVtep(BridgeDomain domain, IPAddress vtep, uint vni) =>
        new(ForwardingAction.SendToVtep, domain, default, vtep, vni, default, null, null, default, DropReason.None);

    public static ForwardingDecision FloodFromPort(BridgeDomain domain, BumTrafficKind kind, PortId ingress) =>
        new(ForwardingAction.Flood, domain, default, null, 0, kind, ingress, null, default, DropReason.None);

    public static ForwardingDecision FloodFromFabric(BridgeDomain domain, BumTrafficKind kind, IPAddress sourceVtep) =>
        new(ForwardingAction.Flood, domain, default, null, 0, kind, null, sourceVtep, default, DropReason.None);

    public static ForwardingDecision Proxy(BridgeDomain domain, PortId ingress, MacAddress mac) =>
        new(ForwardingAction.ProxyReply, domain, ingress, null, 0, default, ingress, null, mac, DropReason.None);

    /// <summary>True when the frame came in over VXLAN (split horizon: no copy goes back into the fabric).</summary>
    public bool FromFabric => SourceVtep is not null;
}
