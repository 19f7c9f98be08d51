namespace ActorFabric.Fabric.Runtime;

/// <summary>Junos <c>show ethernet-switching vxlan-tunnel-end-point remote</c>: remote VTEPs known from type-3 routes.</summary>
public sealed record VxlanTunnelTable(string Device, string SourceVtep, IReadOnlyList<VxlanTunnel> Tunnels);

/// <param name="Vnis">VNIs for which the remote VTEP is in this device's flood list (ascending).</param>
/// <param name="Macs">Remote MACs this device forwards to the VTEP.</param>
public sealed record VxlanTunnel(string RemoteVtep, string? RemoteDevice, IReadOnlyList<uint> Vnis, int Macs);
