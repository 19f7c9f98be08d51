using System.Net;

namespace ActorFabric.Protocols.Bridging;

/// <summary>One copy of a BUM frame into the fabric: the remote VTEP (outer destination IP) and the VNI to use.</summary>
public readonly record struct FloodTarget(IPAddress Vtep, uint Vni)
{
    public override string ToString() => $"{Vtep}/vni {Vni}";
}
