using System.Net;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Bridging;

/// <summary>
/// One remote Inclusive Multicast Ethernet Tag route (type 3) imported into a bridge domain: who sent it and
/// how it asks to receive BUM traffic (its PMSI Tunnel attribute, RFC 7432 §11.2, RFC 9574 §4).
/// </summary>
public sealed record FloodListMember(InclusiveMulticastRoute Route, IPAddress NextHop, PmsiTunnel? Pmsi)
{
    // PMSI flag bits of RFC 9574 §4.
    public const byte FlagPruneBroadcastMulticast = 0x04;
    public const byte FlagPruneUnknownUnicast = 0x02;

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
