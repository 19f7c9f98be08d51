using ActorFabric.Protocols.Multicast.Snooping;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Multicast.Oism;

/// <summary>One tenant's OISM settings on one PE (RFC 9625).</summary>
public sealed record OismTenantOptions
{
    /// <summary>The tenant's IP-VRF.</summary>
    public required string Tenant { get; init; }

    /// <summary>MAC of this PE's SBD IRB: the source MAC of traffic from external sources sent down the SBD (RFC 9625 §2.3).</summary>
    public required MacAddress SbdIrbMac { get; init; }

    /// <summary>This PE is a PIM/EVPN gateway (RFC 9625 §5.1) towards the emulated network outside the tenant domain.</summary>
    public bool PimEvpnGateway { get; init; }

    /// <summary>Groups that receivers beyond this PEG joined, as (*,G): the PEG asks for them in the SBD like a receiver.</summary>
    public IReadOnlyList<InetAddress> ExternalGroups { get; init; } = [];
}
