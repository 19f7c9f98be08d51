using System.Net;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Evpn;

/// <summary>
/// The fields of an ARP packet (RFC 826) or IPv6 Neighbor Solicitation/Advertisement that snooping and
/// suppression need, already decoded by the data plane. For ND a solicitation is a request, an
/// advertisement a reply; <see cref="SenderIp"/> is unspecified (0.0.0.0 / ::) for probes and DAD.
/// </summary>
public readonly record struct AddressResolution(bool IsRequest, MacAddress SenderMac, IPAddress SenderIp, IPAddress TargetIp)
{
    /// <summary>Gratuitous ARP (sender IP = target IP), as a host sends after it moved (vxlan-and-l3.md §3).</summary>
    public bool IsGratuitous => SenderIp.Equals(TargetIp);
    /// <summary>An ARP probe or ND DAD message carries no usable binding.</summary>
    public bool HasSenderBinding => !SenderIp.Equals(IPAddress.Any) && !SenderIp.Equals(IPAddress.IPv6Any);
}
