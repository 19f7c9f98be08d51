namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// Junos <c>show evpn ip-prefix-database</c>: per L3 context (IP-VRF), the prefixes it exports as type-5 routes and
/// the type-5 routes it imported, with what each carried (RFC 9136 §3.1).
/// </summary>
public sealed record EvpnIpPrefixDatabase(string Device, IReadOnlyList<EvpnIpPrefixContext> Contexts);

public sealed record EvpnIpPrefixContext(string Vrf, uint L3Vni, string RouterMac, IReadOnlyList<EvpnExportedPrefix> Exported, IReadOnlyList<EvpnImportedPrefix> Imported);

/// <param name="Status">"Created": the type-5 route is originated.</param>
/// <param name="Gateway">GW IP of the route: 0.0.0.0 (::) in the interface-less model, this VTEP's SBD address in the gateway-IP model.</param>
public sealed record EvpnExportedPrefix(string Prefix, string Status, string RouteDistinguisher, uint Label, string Gateway);

/// <param name="Vtep">The advertising VTEP (BGP next hop).</param>
/// <param name="Label">The VNI the route carried (the L3 VNI in the interface-less model, 0 with a GW IP).</param>
/// <param name="RouterMac">Router's MAC EC (RFC 9135 §8.1), null when absent.</param>
/// <param name="Esi">The ESI overlay index (all zero unless set, RFC 9136 §3.1).</param>
/// <param name="Gateway">GW IP overlay index, null when 0.</param>
/// <param name="Active">Among the paths the IP-VRF forwards by.</param>
public sealed record EvpnImportedPrefix(string Prefix, uint EthernetTag, string RouteDistinguisher, string Vtep, string? VtepDevice, uint Label, string? RouterMac,
    string Esi, string? Gateway, bool Active);
