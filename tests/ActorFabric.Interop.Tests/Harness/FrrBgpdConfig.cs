using System.Globalization;
using System.Net;
using System.Text;

namespace ActorFabric.Interop.Tests.Harness;

/// <summary>
/// The bgpd.conf an <see cref="FrrBgpd"/> is started with: one iBGP/eBGP instance with only the
/// l2vpn evpn address family. Loopback next hops need `bgp allow-martian-nexthop`, otherwise FRR
/// 8.4 treats every UPDATE from a 127.x peer as a withdraw.
/// </summary>
public sealed record FrrBgpdConfig(uint As, IPAddress RouterId)
{
    /// <summary>RFC 4456 §7 cluster id; FRR uses its router id when null.</summary>
    public IPAddress? ClusterId { get; init; }
    /// <summary>
    /// Accept any peer from this prefix into peer-group CLIENTS (`bgp listen range`), as route
    /// reflector clients in AS <see cref="As"/>. Null = no dynamic peers.
    /// </summary>
    public string? ListenRange { get; init; }
    public bool ListenRangeClientsAreRouteReflectorClients { get; init; } = true;
    public IReadOnlyList<FrrNeighbor> Neighbors { get; init; } = [];
    /// <summary>Advertise every VNI zebra reports (needs zebra; see <see cref="FrrEvpnVtep"/>).</summary>
    public bool AdvertiseAllVni { get; init; }
    /// <summary>Extra lines inside `router bgp` (before the address family).</summary>
    public IReadOnlyList<string> ExtraRouterLines { get; init; } = [];
    /// <summary>Extra lines inside `address-family l2vpn evpn`.</summary>
    public IReadOnlyList<string> ExtraEvpnLines { get; init; } = [];
    /// <summary>Lines after the default instance (e.g. a `router bgp AS vrf NAME` block), written as given.</summary>
    public IReadOnlyList<string> TrailingLines { get; init; } = [];

    public const string ClientsPeerGroup = "CLIENTS";

    public string Render(string hostname)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("hostname ").AppendLine(hostname);
        sb.AppendLine("log stdout informational");
        sb.AppendLine("!");
        sb.Append(inv, $"router bgp {As}\n");
        sb.Append(inv, $" bgp router-id {RouterId}\n");
        if (ClusterId is not null) sb.Append(inv, $" bgp cluster-id {ClusterId}\n");
        sb.AppendLine(" no bgp default ipv4-unicast");
        sb.AppendLine(" no bgp ebgp-requires-policy");
        sb.AppendLine(" bgp allow-martian-nexthop");
        sb.AppendLine(" bgp log-neighbor-changes");
        if (ListenRange is not null)
        {
            sb.Append(inv, $" neighbor {ClientsPeerGroup} peer-group\n");
            sb.Append(inv, $" neighbor {ClientsPeerGroup} remote-as {As}\n");
            sb.Append(inv, $" bgp listen range {ListenRange} peer-group {ClientsPeerGroup}\n");
        }
        foreach (var n in Neighbors)
        {
            sb.Append(inv, $" neighbor {n.Address} remote-as {n.RemoteAs}\n");
            if (n.Port != 179) sb.Append(inv, $" neighbor {n.Address} port {n.Port}\n");
            if (n.Passive) sb.Append(inv, $" neighbor {n.Address} passive\n");
            sb.Append(inv, $" neighbor {n.Address} update-source {n.UpdateSource ?? RouterId.ToString()}\n");
            // Short connect retry so a session comes up promptly once the other side listens.
            sb.Append(inv, $" neighbor {n.Address} timers connect 1\n");
        }
        foreach (var l in ExtraRouterLines) sb.Append(' ').AppendLine(l);
        sb.AppendLine(" !");
        sb.AppendLine(" address-family l2vpn evpn");
        if (ListenRange is not null)
        {
            sb.Append(inv, $"  neighbor {ClientsPeerGroup} activate\n");
            if (ListenRangeClientsAreRouteReflectorClients) sb.Append(inv, $"  neighbor {ClientsPeerGroup} route-reflector-client\n");
        }
        foreach (var n in Neighbors)
        {
            sb.Append(inv, $"  neighbor {n.Address} activate\n");
            if (n.RouteReflectorClient) sb.Append(inv, $"  neighbor {n.Address} route-reflector-client\n");
        }
        if (AdvertiseAllVni) sb.AppendLine("  advertise-all-vni");
        foreach (var l in ExtraEvpnLines) sb.Append("  ").AppendLine(l);
        sb.AppendLine(" exit-address-family");
        sb.AppendLine("exit");
        foreach (var l in TrailingLines) sb.AppendLine(l);
        return sb.ToString();
    }
}
