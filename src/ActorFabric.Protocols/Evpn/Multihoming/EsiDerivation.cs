using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Evpn.Multihoming;

/// <summary>
/// Auto-derived ESIs (RFC 7432 §5). Held here until the Wire layer's <see cref="EthernetSegmentId"/> has the
/// same factories; then this goes.
/// </summary>
public static class EsiDerivation
{
    /// <summary>Type 1: the CE's LACP system MAC (6 octets), its port key (2 octets), then a zero octet.</summary>
    public static EthernetSegmentId FromLacp(MacAddress ceSystemMac, ushort portKey) =>
        new((1UL << 56) | (ceSystemMac.Value << 8) | (byte)(portKey >> 8), (ushort)((portKey & 0xFF) << 8));

    /// <summary>Type 3: the PE's system MAC (6 octets) and a 3-octet local discriminator.</summary>
    public static EthernetSegmentId FromSystemMac(MacAddress systemMac, uint localDiscriminator)
    {
        if (localDiscriminator > 0xFF_FFFF) throw new ArgumentOutOfRangeException(nameof(localDiscriminator), "the local discriminator of a type-3 ESI is 3 octets (RFC 7432 §5)");
        return new((3UL << 56) | (systemMac.Value << 8) | (localDiscriminator >> 16), (ushort)localDiscriminator);
    }
}
