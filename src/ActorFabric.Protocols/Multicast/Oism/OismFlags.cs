namespace ActorFabric.Protocols.Multicast.Oism;

/// <summary>
/// The OISM bits of the Multicast Flags extended community's 16-bit field. RFC 9625 §8 (the IANA registry created by
/// RFC 9251 §9.5, bits numbered from 0 = most significant, so bit n has mask 1 &lt;&lt; (15 − n)): bit 12 "OISM" says
/// the PE follows RFC 9625 and goes on every IMET route of an OISM PE; bit 7 "SBD" marks the IMET route a PE
/// originates for the tenant's supplementary broadcast domain; bit 11 "PEG" marks a PIM/EVPN gateway (RFC 9625 §5.1),
/// carried here on its SBD-IMET (as Arista EOS prints a PEG's routes: "OISM-supported, PEG, SBD" on the SBD-IMET,
/// "OISM-supported" alone on the other VLANs' IMETs). Confirmed against the IANA "Multicast Flags Extended Community"
/// registry (bgp-extended-communities): bit 7 OISM SBD, bit 9 IPMG, bit 10 MEG, bit 11 PEG, bit 12 OISM-supported,
/// all RFC 9625; IGMP and MLD Proxy Support are bits 15 and 14 there (RFC 9251), i.e. masks 0x0001 and 0x0002.
/// </summary>
public static class OismFlags
{
    /// <summary>Bit 12: the originator is an OISM PE.</summary>
    public const ushort Supported = 0x0008;
    /// <summary>Bit 11: the originator is a PIM/EVPN gateway (PEG) of the tenant.</summary>
    public const ushort PimEvpnGateway = 0x0010;
    /// <summary>Bit 7: this IMET route is for the supplementary broadcast domain.</summary>
    public const ushort SupplementaryBroadcastDomain = 0x0100;
}
