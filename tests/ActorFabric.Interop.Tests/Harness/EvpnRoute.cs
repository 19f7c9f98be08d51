using System.Text;

namespace ActorFabric.Interop.Tests.Harness;

/// <summary>
/// One EVPN route as a real speaker reports it, in a speaker-neutral shape so that GoBGP's,
/// FRR's and (later) our own RIB can be compared field by field.
/// Normalisation: MACs lower-case "aa:bb:cc:dd:ee:ff"; RD "admin:assigned" (RFC 4364 §4.2 types 0/1/2
/// all print that way); ESI null when all-zero/single-homed (RFC 7432 §5); IP null when absent
/// (MAC-only type 2, RFC 7432 §7.2); route targets "RT:asn:nn" / "RT:ip:nn"; encapsulation "vxlan"
/// for tunnel type 8 (RFC 9012 §4.1, RFC 8365 §5.1.3).
/// Lists are compared element by element (record equality on lists would compare references).
/// </summary>
public sealed record EvpnRoute
{
    /// <summary>1..8 per RFC 7432 §7 / RFC 9136 / RFC 9251.</summary>
    public required int RouteType { get; init; }
    public required string RouteDistinguisher { get; init; }
    public string? Esi { get; init; }
    public uint EthernetTag { get; init; }
    public string? Mac { get; init; }
    /// <summary>
    /// Type 2: the MAC's IP; type 3: the originating router's IP (RFC 7432 §7.3); type 5: the IP prefix with its
    /// length, "10.1.0.0/24" (RFC 9136 §3.1), so it stays part of <see cref="Key"/>.
    /// </summary>
    public string? Ip { get; init; }
    /// <summary>Type 5: the gateway IP overlay index, null when zero (interface-less, RFC 9136 §4.4.1).</summary>
    public string? Gateway { get; init; }
    /// <summary>The EVPN Router's MAC extended community (RFC 9135 §8.1), lower-case; null when absent.</summary>
    public string? RouterMac { get; init; }
    /// <summary>MPLS label fields; for VXLAN each carries a VNI (RFC 8365 §5.1.3).</summary>
    public IReadOnlyList<uint> Labels { get; init; } = [];
    public string? NextHop { get; init; }
    /// <summary>ORIGINATOR_ID (RFC 4456 §8), set by the first reflector.</summary>
    public string? OriginatorId { get; init; }
    /// <summary>CLUSTER_LIST (RFC 4456 §8), most recent reflector first.</summary>
    public IReadOnlyList<string> ClusterList { get; init; } = [];
    public IReadOnlyList<string> RouteTargets { get; init; } = [];
    public string? Encapsulation { get; init; }
    public PmsiTunnel? Pmsi { get; init; }
    /// <summary>Which speaker the route was learned from (informational; excluded from equality).</summary>
    public string? LearnedFrom { get; init; }
    /// <summary>Whether the speaker selected this path as best (informational; excluded from equality).</summary>
    public bool IsBest { get; init; } = true;

    /// <summary>The fields that identify the route in a RIB (RFC 7432 §7.2/§7.3: RD, tag, MAC, IP).</summary>
    public string Key => $"[{RouteType}][{RouteDistinguisher}][{EthernetTag}][{Mac}][{Ip}]";

    public bool Equals(EvpnRoute? other) =>
        other is not null
        && RouteType == other.RouteType
        && RouteDistinguisher == other.RouteDistinguisher
        && Esi == other.Esi
        && EthernetTag == other.EthernetTag
        && Mac == other.Mac
        && Ip == other.Ip
        && Gateway == other.Gateway
        && RouterMac == other.RouterMac
        && Labels.SequenceEqual(other.Labels)
        && NextHop == other.NextHop
        && OriginatorId == other.OriginatorId
        && ClusterList.SequenceEqual(other.ClusterList)
        && RouteTargets.SequenceEqual(other.RouteTargets)
        && Encapsulation == other.Encapsulation
        && Pmsi == other.Pmsi;

    public override int GetHashCode() => Key.GetHashCode(StringComparison.Ordinal);

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append("type ").Append(RouteType).Append(" rd ").Append(RouteDistinguisher).Append(" etag ").Append(EthernetTag);
        if (Esi is not null) sb.Append(" esi ").Append(Esi);
        if (Mac is not null) sb.Append(" mac ").Append(Mac);
        if (Ip is not null) sb.Append(" ip ").Append(Ip);
        if (Gateway is not null) sb.Append(" gw ").Append(Gateway);
        if (Labels.Count > 0) sb.Append(" labels ").AppendJoin(',', Labels);
        sb.Append(" nh ").Append(NextHop ?? "-");
        if (OriginatorId is not null) sb.Append(" originator ").Append(OriginatorId);
        if (ClusterList.Count > 0) sb.Append(" clusters ").AppendJoin(',', ClusterList);
        if (RouteTargets.Count > 0) sb.Append(' ').AppendJoin(' ', RouteTargets);
        if (Encapsulation is not null) sb.Append(" encap ").Append(Encapsulation);
        if (RouterMac is not null) sb.Append(" rmac ").Append(RouterMac);
        if (Pmsi is not null) sb.Append(" pmsi ").Append(Pmsi);
        if (LearnedFrom is not null) sb.Append(" from ").Append(LearnedFrom);
        return sb.ToString();
    }
}
