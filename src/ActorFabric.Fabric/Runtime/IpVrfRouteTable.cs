namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// Junos <c>show route table VRF.inet.0</c> (or <c>VRF.inet6.0</c>): the routes of one IP-VRF of a device, one entry
/// per prefix and protocol, the active one first.
/// </summary>
/// <param name="Table">"tenant1.inet.0" or "tenant1.inet6.0".</param>
public sealed record IpVrfRouteTable(string Device, string Table, string Vrf, IReadOnlyList<IpVrfRouteEntry> Routes);

/// <param name="Prefix">"192.168.100.0/24".</param>
/// <param name="Protocol">Direct (IRB subnet), Local (anycast gateway address), Static (external prefix), EVPN (host routes, type 5).</param>
/// <param name="Preference">Junos route preference: Direct and Local 0, Static 5, EVPN host routes 7, EVPN type 5 170.</param>
/// <param name="Active">The path set the IP-VRF forwards by (several next hops: ECMP).</param>
/// <param name="Source">What the IP-VRF calls the source: gateway_address, connected, local_host, static, remote_host, remote_prefix.</param>
public sealed record IpVrfRouteEntry(string Prefix, string Protocol, int Preference, bool Active, string Source, IReadOnlyList<IpVrfNextHop> NextHops);

/// <summary>
/// One next hop: a local IRB interface (<see cref="Interface"/> "irb.100", with the host's MAC for a local host route),
/// or a remote VTEP with the VNI the packet is encapsulated with and the egress VTEP's router MAC (symmetric IRB), or a
/// type-5 GW IP overlay index, or the external next hop of a border leaf's prefix.
/// </summary>
public sealed record IpVrfNextHop(
    string? Interface,
    string? Mac,
    string? Vtep,
    string? VtepDevice,
    uint? Vni,
    string? RouterMac,
    string? Gateway,
    uint? Sequence);
