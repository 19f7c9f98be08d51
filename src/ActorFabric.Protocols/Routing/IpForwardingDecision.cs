using System.Net;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Routing;

/// <summary>
/// An IP-VRF's verdict on one routed packet; a value so lookups allocate nothing.
/// <list type="bullet">
/// <item>Local (<see cref="IpForwardingAction.DeliverLocal"/>, <see cref="IpForwardingAction.ResolveLocal"/>,
/// <see cref="IpForwardingAction.DeliverToRouter"/>): <see cref="Vlan"/>/<see cref="Vni"/> of the IRB,
/// <see cref="SourceMac"/> = its anycast MAC, <see cref="DestinationMac"/> = host MAC (zero when unknown).</item>
/// <item><see cref="IpForwardingAction.RouteSymmetric"/>: <see cref="Vtep"/>, <see cref="Vni"/> = L3 VNI, inner
/// DMAC = remote Router's MAC, inner SMAC = our Router's MAC.</item>
/// <item><see cref="IpForwardingAction.RouteAsymmetric"/>: <see cref="Vtep"/>, <see cref="Vni"/> = destination L2 VNI,
/// <see cref="Vlan"/> = our IRB in it, inner DMAC = host MAC, inner SMAC = the IRB's anycast MAC.</item>
/// </list>
/// </summary>
public readonly record struct IpForwardingDecision(
    IpForwardingAction Action,
    ushort Vlan,
    uint Vni,
    IPAddress? Vtep,
    MacAddress DestinationMac,
    MacAddress SourceMac,
    VrfRoute? Route,
    IpDropReason DropReason)
{
    public static IpForwardingDecision Dropped(IpDropReason reason, VrfRoute? route = null) =>
        new(IpForwardingAction.Drop, 0, 0, null, default, default, route, reason);

    public bool IsRemote => Action is IpForwardingAction.RouteSymmetric or IpForwardingAction.RouteAsymmetric;
}
