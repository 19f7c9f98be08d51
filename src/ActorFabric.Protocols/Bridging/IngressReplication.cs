using System.Net;
using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Bridging;

/// <summary>
/// Plain ingress replication (RFC 7432 §11.2, RFC 8365 §9): one unicast VXLAN copy to every remote VTEP that
/// advertised a type-3 route with PMSI tunnel type 6 for the VNI. Stateless; the flood list caches the sets.
/// </summary>
public sealed class IngressReplication : IBumReplication
{
    public static readonly IngressReplication Instance = new();

    public ReadOnlySpan<FloodTarget> SelectTargets(FloodList floodList, BumTrafficKind kind) => floodList.IngressReplicationTargets(kind);

    public PmsiTunnel LocalPmsiTunnel(uint vni, IPAddress localVtep) => PmsiTunnel.IngressReplication(vni, localVtep);
}
