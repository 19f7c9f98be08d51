using System.Net;
using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Bridging;

/// <summary>
/// Policy that turns a bridge domain's flood list into the fabric copies of one BUM frame, and says how this
/// VTEP asks others to replicate to it. Ingress replication today; Assisted Replication (RFC 9574: one copy
/// to a replicator) and SMET pruning (RFC 9251 §8) plug in here without touching the bridge.
/// Implementations must not allocate in <see cref="SelectTargets"/> (it runs per frame).
/// </summary>
public interface IBumReplication
{
    /// <summary>Remote copies for a BUM frame of <paramref name="kind"/> that entered from a local access port.</summary>
    ReadOnlySpan<FloodTarget> SelectTargets(FloodList floodList, BumTrafficKind kind);

    /// <summary>The PMSI Tunnel attribute this VTEP attaches to its own type-3 route for the VNI.</summary>
    PmsiTunnel LocalPmsiTunnel(uint vni, IPAddress localVtep);
}
