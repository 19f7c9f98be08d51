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

    // Values of the AR role field T (flag bits 3–4, i.e. (flags >> 3) & 3) of RFC 9574 §4; 3 is reserved.
    public const int RoleRegularNve = 0;
    public const int RoleReplicator = 1;
    public const int RoleLeaf = 2;

    /// <summary>The flags octet carrying only AR role <paramref name="role"/> in T (RFC 9574 §4).</summary>
    public static byte RoleFlags(int role) => (byte)((role & 0x03) << 3);

    /// <summary>Ingress replication (type 6): label = VNI, tunnel id = the VTEP (RFC 8365 §9); <paramref name="flags"/> may carry the AR role (RFC 9574 §4).</summary>
    public static PmsiTunnel IngressReplication(uint vni, IPAddress vtep, byte flags = 0) => new(flags, TypeIngressReplication, vni, vtep.GetAddressBytes());

    /// <summary>
    /// The Replicator-AR route's tunnel (RFC 9574 §4): type 0x0A, T = AR-REPLICATOR, L = 0 (non-selective AR),
    /// label = VNI, tunnel id = the replicator's AR IP (which is also the route's next hop).
    /// </summary>
    public static PmsiTunnel AssistedReplication(uint vni, IPAddress arIp) =>
        new(RoleFlags(RoleReplicator), TypeAssistedReplication, vni, arIp.GetAddressBytes());

    /// <summary>The AR role field T of the flags (RFC 9574 §4): 0 RNVE, 1 AR-REPLICATOR, 2 AR-LEAF.</summary>
    public int AssistedReplicationRole => (Flags >> 3) & 0x03;

    /// <summary>The tunnel endpoint when the identifier is a plain IPv4 or IPv6 address (IR, AR).</summary>
    public IPAddress? Endpoint => TunnelIdentifier.Length is 4 or 16 ? new IPAddress(TunnelIdentifier) : null;

    public bool Equals(PmsiTunnel? other) =>
        other is not null && Flags == other.Flags && TunnelType == other.TunnelType && Label == other.Label &&
        TunnelIdentifier.AsSpan().SequenceEqual(other.TunnelIdentifier);

    public override int GetHashCode() => HashCode.Combine(Flags, TunnelType, Label, TunnelIdentifier.Length);

    /// <summary>Junos-like text: <c>INGRESS-REPLICATION 10.0.0.11 label 1100 AR-LEAF</c>, flags in hex when other bits are set.</summary>
    public override string ToString()
    {
        string type = TunnelType switch
        {
            TypeIngressReplication => "INGRESS-REPLICATION",
            TypeAssistedReplication => "ASSISTED-REPLICATION",
            0 => "NO-TUNNEL-INFO",
            _ => $"type {TunnelType}",
        };
        string role = ((Flags >> 3) & 0x03) switch { 1 => " AR-REPLICATOR", 2 => " AR-LEAF", _ => "" };
        string endpoint = Endpoint?.ToString() ?? Convert.ToHexString(TunnelIdentifier);
        int other = Flags & ~0x18;
        return $"{type} {endpoint} label {Label}{role}{(other != 0 ? $" flags 0x{Flags:x2}" : "")}";
    }
}
