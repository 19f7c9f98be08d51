namespace ActorFabric.Interop.Tests.Harness;

/// <summary>
/// PMSI Tunnel attribute (RFC 6514 §5) as carried on type-3 routes. Tunnel type 6 = ingress
/// replication (RFC 7432 §11.2); the label field carries the VNI for VXLAN (RFC 8365 §5.1.3).
/// <paramref name="Endpoint"/> is null when the speaker does not report it (FRR's JSON omits it).
/// </summary>
public sealed record PmsiTunnel(int TunnelType, uint Label, string? Endpoint, bool LeafInfoRequired = false)
{
    public const int IngressReplication = 6;

    public override string ToString() => $"type {TunnelType} label {Label} endpoint {Endpoint ?? "?"}{(LeafInfoRequired ? " leaf-info" : "")}";
}
