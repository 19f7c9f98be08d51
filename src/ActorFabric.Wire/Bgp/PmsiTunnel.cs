using System.Net;

namespace ActorFabric.Wire.Bgp;

/// <summary>
/// PMSI_TUNNEL attribute (RFC 6514 §5): flags, tunnel type, 3-octet label (the VNI for VXLAN, RFC 8365 §5.1.3,
/// not shifted) and the tunnel identifier (for ingress replication, the VTEP IP; RFC 7432 §11.2).
/// Tunnel identifiers of unknown types are kept as raw bytes.
/// </summary>
public sealed record PmsiTunnel(byte Flags, byte TunnelType, uint Label, byte[] TunnelIdentifier)
{
    public const byte TypeIngressReplication = 6;
    public const byte TypeAssistedReplication = 0x0A; // RFC 9574
    public const byte FlagLeafInformationRequired = 0x01;

    public static PmsiTunnel IngressReplication(uint vni, IPAddress vtep) => new(0, TypeIngressReplication, vni, vtep.GetAddressBytes());

    /// <summary>The tunnel endpoint when the identifier is a plain IPv4 or IPv6 address (IR, AR).</summary>
    public IPAddress? Endpoint => TunnelIdentifier.Length is 4 or 16 ? new IPAddress(TunnelIdentifier) : null;

    public bool Equals(PmsiTunnel? other) =>
        other is not null && Flags == other.Flags && TunnelType == other.TunnelType && Label == other.Label &&
        TunnelIdentifier.AsSpan().SequenceEqual(other.TunnelIdentifier);

    public override int GetHashCode() => HashCode.Combine(Flags, TunnelType, Label, TunnelIdentifier.Length);
}
