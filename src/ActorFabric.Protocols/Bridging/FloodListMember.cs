using System.Net;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Bridging;

/// <summary>
/// One remote Inclusive Multicast Ethernet Tag route (type 3) imported into a bridge domain: who sent it and
/// how it asks to receive BUM traffic (its PMSI Tunnel attribute, RFC 7432 §11.2, RFC 9574 §4), plus the value of
/// the route's EVPN Multicast Flags EC (null when the route has none: the PE is no IGMP/MLD proxy, RFC 9251 §9.4).
/// </summary>
public sealed record FloodListMember(InclusiveMulticastRoute Route, IPAddress NextHop, PmsiTunnel? Pmsi, ushort? MulticastFlags = null)
{
    // PMSI flag bits of RFC 9574 §4.
    public const byte FlagPruneBroadcastMulticast = 0x04;
    public const byte FlagPruneUnknownUnicast = 0x02;
    // Multicast Flags EC bits (least significant = bit 15): I = IGMP proxy, M = MLD proxy (RFC 9251 §9.4).
    public const ushort MulticastFlagIgmpProxy = 0x0001;
    public const ushort MulticastFlagMldProxy = 0x0002;

    public bool IsIgmpProxy => ((MulticastFlags ?? 0) & MulticastFlagIgmpProxy) != 0;
    public bool IsMldProxy => ((MulticastFlags ?? 0) & MulticastFlagMldProxy) != 0;

    /// <summary>
    /// Whether this PE proxies IGMP (IPv4 groups) or MLD (IPv6 groups) and so signals its listeners with SMET routes;
    /// a PE that does not proxy the family is sent every flow of it (RFC 9251 §8).
    /// </summary>
    public bool IsProxyFor(bool ipv6) => ipv6 ? IsMldProxy : IsIgmpProxy;

    /// <summary>The IR tunnel endpoint: the PMSI tunnel identifier, else the route's next hop (RFC 8365 §9).</summary>
    public IPAddress Vtep => Pmsi?.Endpoint ?? NextHop;
    /// <summary>The VNI remote copies carry: the PMSI label (not shifted for VXLAN, RFC 8365 §5.1.3).</summary>
    public uint Vni => Pmsi?.Label ?? 0;
    public byte TunnelType => Pmsi?.TunnelType ?? PmsiTunnel.TypeIngressReplication;
    public bool IsIngressReplication => TunnelType == PmsiTunnel.TypeIngressReplication;
    public bool IsAssistedReplicationReplicator => TunnelType == PmsiTunnel.TypeAssistedReplication;
    /// <summary>AR role bits T of the PMSI flags: 0 RNVE, 1 AR-REPLICATOR, 2 AR-LEAF (RFC 9574 §4).</summary>
    public int AssistedReplicationRole => ((Pmsi?.Flags ?? 0) >> 3) & 0x03;
    public bool PrunesBroadcastMulticast => ((Pmsi?.Flags ?? 0) & FlagPruneBroadcastMulticast) != 0;
    public bool PrunesUnknownUnicast => ((Pmsi?.Flags ?? 0) & FlagPruneUnknownUnicast) != 0;

    /// <summary>Whether this member wants copies of the given BUM kind over ingress replication.</summary>
    public bool WantsIngressReplicated(BumTrafficKind kind) =>
        IsIngressReplication && (kind == BumTrafficKind.UnknownUnicast ? !PrunesUnknownUnicast : !PrunesBroadcastMulticast);
}
