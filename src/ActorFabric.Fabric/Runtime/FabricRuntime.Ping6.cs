using System.Net;
using System.Net.Sockets;
using ActorFabric.Fabric.Runtime.Devices;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Runtime;

public sealed partial class FabricRuntime
{
    /// <summary>
    /// The ICMPv6 echo request for a ping to a host's IPv6 address, or to an IPv6 address (then
    /// <paramref name="destination"/> becomes the name of the host that has it, when one does).
    /// </summary>
    private (HostPingRequest Request, string Address) Ipv6PingTarget(ref string destination)
    {
        if (IPAddress.TryParse(destination, out var literal))
        {
            if (literal.AddressFamily != AddressFamily.InterNetworkV6)
                throw new ArgumentException($"'{destination}' is an IPv4 address; an IPv6 ping needs an IPv6 address or a host name");
            var bits = Wire.Packets.Ipv6Address.FromIPAddress(literal);
            var value = ((UInt128)bits.High << 64) | bits.Low;
            string text = bits.ToString();
            foreach (var h in Topology.Hosts)
                if (h.HasIpv6 && h.Ipv6 == value)
                {
                    destination = h.Name;
                    break;
                }
            return (new HostPingRequest(0, 1, TimeSpan.Zero, Destination6: text), text);
        }
        var host = Topology.Hosts[HostIndex(destination)];
        if (!host.HasIpv6)
            throw new ArgumentException($"host '{destination}' has no IPv6 address: its VLAN {host.Vlan} has no 'gateway6'");
        string address = AddressSyntax.FormatIpv6(host.Ipv6);
        return (new HostPingRequest(0, 1, TimeSpan.Zero, Destination6: address), address);
    }
}
