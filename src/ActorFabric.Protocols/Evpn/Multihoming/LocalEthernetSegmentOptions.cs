using System.Net;
using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Evpn.Multihoming;

/// <summary>Configuration of one Ethernet segment a leaf is attached to.</summary>
public sealed record LocalEthernetSegmentOptions
{
    /// <summary>The peering (DF wait) timer's default, which must be equal on every PE of the segment (RFC 7432 §8.5).</summary>
    public static readonly TimeSpan DefaultPeeringTimer = TimeSpan.FromSeconds(3);

    public required EthernetSegmentId Esi { get; init; }
    public EthernetSegmentMode Mode { get; init; } = EthernetSegmentMode.AllActive;
    /// <summary>The algorithm this PE asks for in its DF Election EC; the segment uses it only if every PE does.</summary>
    public DfAlgorithm Algorithm { get; init; } = DfAlgorithm.Modulo;
    public ushort Preference { get; init; } = DfCandidate.DefaultPreference;
    public bool DontPreempt { get; init; }
    public TimeSpan PeeringTimer { get; init; } = DefaultPeeringTimer;
    /// <summary>This PE's VTEP address: the Originating Router's IP of its ES route.</summary>
    public required IPAddress LocalOriginator { get; init; }
    /// <summary>Type-1 RD (IP:n) for the ES and per-ES A-D routes (RFC 7432 §7.9, §8.1.1, §8.2.1).</summary>
    public required RouteDistinguisher EsRouteDistinguisher { get; init; }
    /// <summary>
    /// The identifiers the DF is elected for: VLAN IDs, or VNIs when those are configured consistently on every
    /// PE of the segment (RFC 8365 §8.1.5). RFC 9785 §2 asks for a non-zero tag.
    /// </summary>
    public IReadOnlyList<uint> EthernetTags { get; init; } = [];
    /// <summary>The route targets of every EVI on the segment, carried by the per-ES A-D route (RFC 7432 §8.2.1).</summary>
    public IReadOnlyList<ExtendedCommunity> PerEsRouteTargets { get; init; } = [];
    /// <summary>The ES-Import RT; null derives it from the ESI, which works for ESI types 1–3 only (RFC 7432 §7.6).</summary>
    public ExtendedCommunity? EsImportRouteTarget { get; init; }

    internal void Validate()
    {
        if (Esi.IsZero || Esi == EthernetSegmentId.Max)
            throw new ArgumentException($"ESI {Esi} is reserved: a multihomed segment needs a real ESI (RFC 7432 §5)", nameof(Esi));
        if (EsRouteDistinguisher.Type != 1)
            throw new ArgumentException("ES and per-ES A-D routes must use a type-1 RD (RFC 7432 §8.1.1, §8.2.1)", nameof(EsRouteDistinguisher));
        if (PeeringTimer < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(PeeringTimer));
        if (EsImportRouteTarget is null && Multihoming.EsImportRouteTarget.For(Esi) is null)
            throw new ArgumentException($"ESI {Esi} is type {Esi.EsiType}: its ES-Import RT cannot be derived (RFC 7432 §7.6) and must be configured", nameof(EsImportRouteTarget));
    }
}
