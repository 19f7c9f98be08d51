using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Routing;

// A border leaf's external interface: packets coming back from the external router behind it (the next hop of its
// static prefixes) are routed by the VRF like those of a local VLAN, with any route but the external ones.
public sealed partial class IpVrf
{
    /// <summary>
    /// The routing decision for an IPv4 packet that arrived from the external router. A destination that only the
    /// external prefixes cover would go straight back out: dropped as a loop.
    /// </summary>
    public IpForwardingDecision ForwardFromExternal(Ipv4Address destination, uint flowHash)
    {
        if (!_table.TryLookup(destination, out var route)) return IpForwardingDecision.Dropped(IpDropReason.NoRoute);
        var decision = Decide(route, route.PathFor(flowHash));
        return decision.Action == IpForwardingAction.DeliverExternal ? IpForwardingDecision.Dropped(IpDropReason.FabricLoop, route) : decision;
    }
}
