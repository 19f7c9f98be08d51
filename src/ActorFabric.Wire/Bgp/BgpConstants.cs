namespace ActorFabric.Wire.Bgp;

/// <summary>BGP message types (RFC 4271 §4.1; ROUTE-REFRESH RFC 2918).</summary>
public enum BgpMessageType : byte
{
    Open = 1,
    Update = 2,
    Notification = 3,
    Keepalive = 4,
    RouteRefresh = 5,
}

/// <summary>Numbers shared by the codec and the protocol machines.</summary>
public static class BgpConstants
{
    public const int MarkerLength = 16;
    public const int HeaderLength = 19;
    /// <summary>RFC 4271 §4.1 maximum; RFC 8654 raises it to 65535 once Extended Message is negotiated.</summary>
    public const int MaxMessageLength = 4096;
    public const int MaxExtendedMessageLength = 65535;
    public const ushort AsTrans = 23456; // RFC 6793 §9
    public const int Port = 179;

    public const ushort AfiIpv4 = 1;
    public const ushort AfiIpv6 = 2;
    public const ushort AfiL2vpn = 25;
    public const byte SafiUnicast = 1;
    public const byte SafiEvpn = 70;
    /// <summary>Route Target Constraint (RFC 4684 §4), with AFI 1.</summary>
    public const byte SafiRouteTargetConstraint = 132;
}

/// <summary>Path attribute type codes (RFC 4271 §5; MP_REACH/MP_UNREACH RFC 4760 §3–4, extended communities RFC 4360 §2, PMSI tunnel RFC 6514 §5, ORIGINATOR_ID/CLUSTER_LIST RFC 4456 §8).</summary>
public enum PathAttributeType : byte
{
    Origin = 1,
    AsPath = 2,
    NextHop = 3,
    MultiExitDisc = 4,
    LocalPref = 5,
    AtomicAggregate = 6,
    Aggregator = 7,
    Communities = 8,
    OriginatorId = 9,
    ClusterList = 10,
    MpReachNlri = 14,
    MpUnreachNlri = 15,
    ExtendedCommunities = 16,
    As4Path = 17,
    As4Aggregator = 18,
    PmsiTunnel = 22,
    LargeCommunities = 32,
}

/// <summary>Path attribute flag bits (RFC 4271 §4.3).</summary>
[Flags]
public enum PathAttributeFlags : byte
{
    None = 0,
    ExtendedLength = 0x10,
    Partial = 0x20,
    Transitive = 0x40,
    Optional = 0x80,
}

/// <summary>ORIGIN values (RFC 4271 §5.1.1).</summary>
public enum Origin : byte
{
    Igp = 0,
    Egp = 1,
    Incomplete = 2,
}
