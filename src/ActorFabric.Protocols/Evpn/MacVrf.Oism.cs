using ActorFabric.Protocols.Bridging;
using ActorFabric.Protocols.Multicast.Oism;
using ActorFabric.Protocols.Multicast.Snooping;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Evpn;

// OISM (RFC 9625): a MAC-VRF whose bridge domains belong to an OISM tenant hands its local multicast interest to the
// tenant, which asks for it in the SBD; the SBD's MAC-VRF originates those SBD-SMET routes.
public sealed partial class MacVrf
{
    /// <summary>The OISM tenant this MAC-VRF's domains belong to (revenue BDs or the SBD); set before <see cref="Start"/>.</summary>
    public OismTenant? Oism { get; set; }

    /// <summary>
    /// Originates (or withdraws) the SBD-SMET route for (S,G) in <paramref name="sbd"/>: this MAC-VRF's RD and route
    /// targets (the SBD-RT) and the SBD's Ethernet tag, so every PE of the tenant imports it into its SBD whatever BD the
    /// receivers are in (RFC 9625 §2.2, §2.5). Flags as RFC 9251 §9.1.
    /// </summary>
    public void SyncSbdSelectiveMulticast(BridgeDomain sbd, InetAddress? source, InetAddress group, MulticastRouteFlags flags, bool present)
    {
        ArgumentNullException.ThrowIfNull(sbd);
        if (!_byVni.TryGetValue(sbd.Vni, out var d)) return;
        var route = new SelectiveMulticastRoute(_options.RouteDistinguisher, d.Bridge.EthernetTag, source?.ToIPAddress(), group.ToIPAddress(),
            _options.LocalVtep, flags);
        SyncMulticastRoute(d, route, present, SelectiveMulticastAttributes);
    }
}
