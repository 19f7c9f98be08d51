using System.Globalization;
using System.Net;
using System.Text;

namespace ActorFabric.Interop.Tests.Harness;

/// <summary>What a gobgpd instance is told in its TOML file.</summary>
public sealed record GoBgpConfig(uint As, IPAddress RouterId)
{
    /// <summary>Address gobgpd listens on for BGP; also the default source of its sessions.</summary>
    public IPAddress? ListenAddress { get; init; }
    /// <summary>BGP listen port; -1 means gobgpd does not listen at all (only active sessions).</summary>
    public int ListenPort { get; init; } = -1;
    public IReadOnlyList<GoBgpNeighbor> Neighbors { get; init; } = [];

    /// <summary>Renders the TOML file gobgpd 3.10 reads with `-t toml`.</summary>
    public string ToToml()
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("[global.config]");
        sb.Append(inv, $"  as = {As}\n");
        sb.Append(inv, $"  router-id = \"{RouterId}\"\n");
        sb.Append(inv, $"  port = {ListenPort}\n");
        var listen = ListenAddress ?? RouterId;
        sb.Append(inv, $"  local-address-list = [\"{listen}\"]\n");
        foreach (var n in Neighbors)
        {
            sb.AppendLine();
            sb.AppendLine("[[neighbors]]");
            sb.AppendLine("  [neighbors.config]");
            sb.Append(inv, $"    neighbor-address = \"{n.Address}\"\n");
            sb.Append(inv, $"    peer-as = {n.PeerAs}\n");
            sb.AppendLine("  [neighbors.transport.config]");
            sb.Append(inv, $"    local-address = \"{n.LocalAddress ?? listen}\"\n");
            sb.Append(inv, $"    remote-port = {n.RemotePort}\n");
            if (n.Passive) sb.AppendLine("    passive-mode = true");
            // GoBGP clamps the retry to 5 s; the first attempt comes after a random part of it.
            sb.AppendLine("  [neighbors.timers.config]");
            sb.AppendLine("    connect-retry = 5");
            if (n.RouteReflectorClient)
            {
                sb.AppendLine("  [neighbors.route-reflector.config]");
                sb.AppendLine("    route-reflector-client = true");
                sb.Append(inv, $"    route-reflector-cluster-id = \"{n.ClusterId ?? RouterId}\"\n");
            }
            sb.AppendLine("  [[neighbors.afi-safis]]");
            sb.AppendLine("    [neighbors.afi-safis.config]");
            sb.AppendLine("      afi-safi-name = \"l2vpn-evpn\"");
        }
        return sb.ToString();
    }
}
