namespace ActorFabric.Interop.Tests.Harness;

/// <summary>
/// An IP-VRF for an <see cref="FrrEvpnVtep"/> that originates type-5 routes (RFC 9136 §4.4.1, interface-less):
/// FRR's `router bgp AS vrf NAME` with `advertise ipv4 unicast`, the L3 VNI bound to the VRF in zebra (`vrf NAME` /
/// `vni N`). The test kernel has no VRF device (CONFIG_NET_VRF is off), so the VRF is FRR's other backend: a network
/// namespace (zebra -n), holding the VRF's bridge (its MAC = the Router's MAC, RFC 9135 §8.1) with
/// <see cref="SviCidr"/>, and the L3 VNI's VXLAN device (made in the VTEP's namespace, moved in, as FRR expects).
/// <see cref="Networks"/> are announced with `network` statements (no kernel route needed); the SVI's connected
/// subnet is redistributed too.
/// </summary>
public sealed record FrrIpVrf(uint L3Vni, string RouterMac, string SviCidr, IReadOnlyList<string> Networks)
{
    /// <summary>
    /// An L2 VNI whose bridge and SVI (<see cref="HostSviCidr"/>) live in the VRF's namespace, so zebra binds it to this
    /// VRF: FRR's MAC+IP routes of hosts there then carry Label2 = the L3 VNI and the Router's MAC (RFC 9135 §5.1).
    /// </summary>
    public uint? HostVni { get; init; }
    public string? HostSviCidr { get; init; }
}
