namespace ActorFabric.Wire.Packets;

/// <summary>The well-known IPv6 addresses MLD sends to, and the link-local source a host derives from its MAC.</summary>
public static class MldAddresses
{
    private const ulong LinkLocalScopeMulticast = 0xFF02_0000_0000_0000UL;

    /// <summary>ff02::1, where general queries go (RFC 2710 §3.6, RFC 3810 §5.1.15).</summary>
    public static readonly Ipv6Address AllNodes = new(LinkLocalScopeMulticast, 1);

    /// <summary>ff02::2, where an MLDv1 Done goes (RFC 2710 §3.6).</summary>
    public static readonly Ipv6Address AllRouters = new(LinkLocalScopeMulticast, 2);

    /// <summary>ff02::16, where every MLDv2 report goes (RFC 3810 §5.2.14).</summary>
    public static readonly Ipv6Address AllMldv2Routers = new(LinkLocalScopeMulticast, 0x16);

    /// <summary>
    /// fe80::/64 plus the modified EUI-64 interface identifier of <paramref name="mac"/>: ff:fe inserted
    /// between the OUI and the rest, and the universal/local bit inverted (RFC 4291 §2.5.1 and
    /// appendix A; RFC 2464 §4–5). MLD messages carry a link-local source (RFC 2710 §3, RFC 3810 §5).
    /// </summary>
    public static Ipv6Address LinkLocalFromMac(MacAddress mac)
    {
        ulong oui = mac.Value >> 24, device = mac.Value & 0xFF_FFFF;
        ulong interfaceId = ((oui << 40) | (0xFFFEUL << 24) | device) ^ 0x0200_0000_0000_0000UL;
        return new Ipv6Address(0xFE80_0000_0000_0000UL, interfaceId);
    }

    /// <summary>ff02::/16: link-scope groups, which are never reported and never pruned by snooping (RFC 3810 §6).</summary>
    public static bool IsLinkScope(Ipv6Address group) => (group.High >> 48) == 0xFF02;
}
