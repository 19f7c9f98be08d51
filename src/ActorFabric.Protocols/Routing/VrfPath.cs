using System.Net;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Routing;

/// <summary>
/// One way to reach a prefix of an IP-VRF. Local paths name the VLAN (and host MAC); remote paths name the VTEP
/// (the BGP next hop) and what the route carried. Immutable: a new advertisement replaces the object.
/// </summary>
public sealed record VrfPath
{
    public required VrfRouteSource Source { get; init; }
    /// <summary>The IRB VLAN of a local path.</summary>
    public ushort Vlan { get; init; }
    /// <summary>The host's MAC (local or remote host routes).</summary>
    public MacAddress HostMac { get; init; }
    /// <summary>The remote VTEP (BGP next hop); null for local paths.</summary>
    public IPAddress? Vtep { get; init; }
    /// <summary>Host route: the L2 VNI (Label1). Type-5: the label (the L3 VNI of the interface-less model).</summary>
    public uint Vni { get; init; }
    /// <summary>
    /// Set when the path is routed symmetrically: Label2 of a MAC+IP route or the type-5 label, equal to this VRF's
    /// L3 VNI (RFC 9135 §5.4 global VNI). Null: an asymmetric host route, or a gateway-IP type-5.
    /// </summary>
    public uint? L3Vni { get; init; }
    /// <summary>The Router's MAC EC of the remote VTEP (RFC 9135 §8.1); zero when absent.</summary>
    public MacAddress RouterMac { get; init; }
    /// <summary>A type-5 route's GW IP overlay index (RFC 9136 §3.2), resolved through a host route at lookup.</summary>
    public IpPrefix? Gateway { get; init; }
    /// <summary>MAC Mobility sequence number of a remote host route (RFC 7432 §7.7; 0 when the EC is absent).</summary>
    public uint Sequence { get; init; }
    /// <summary>The route the path was learned from (matched by route key on withdraw); null for local paths.</summary>
    public EvpnRoute? Route { get; init; }

    public bool IsRemote => Vtep is not null;

    public override string ToString() => Source switch
    {
        VrfRouteSource.RemoteHost or VrfRouteSource.RemotePrefix when Gateway is { } gw => $"{Source} via gw {gw.ToIPAddress()} (vtep {Vtep})",
        VrfRouteSource.RemoteHost or VrfRouteSource.RemotePrefix => $"{Source} via {Vtep} vni {L3Vni?.ToString() ?? Vni.ToString()}",
        _ => $"{Source} vlan {Vlan}",
    };
}
