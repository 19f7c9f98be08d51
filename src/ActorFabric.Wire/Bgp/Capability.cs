namespace ActorFabric.Wire.Bgp;

/// <summary>Capability codes (RFC 5492 §4; multiprotocol RFC 4760 §8, route refresh RFC 2918, graceful restart RFC 4724 §3, 4-octet AS RFC 6793, extended message RFC 8654).</summary>
public enum CapabilityCode : byte
{
    Multiprotocol = 1,
    RouteRefresh = 2,
    ExtendedNextHop = 5,
    ExtendedMessage = 6,
    GracefulRestart = 64,
    FourOctetAs = 65,
    AddPath = 69,
    EnhancedRouteRefresh = 70,
}

/// <summary>An OPEN capability (RFC 5492 §4: code, length, value).</summary>
public abstract record Capability
{
    public abstract byte Code { get; }
}

/// <summary>Multiprotocol extensions for one AFI/SAFI (RFC 4760 §8).</summary>
public sealed record MultiprotocolCapability(ushort Afi, byte Safi) : Capability
{
    public override byte Code => (byte)CapabilityCode.Multiprotocol;
    public static readonly MultiprotocolCapability Evpn = new(BgpConstants.AfiL2vpn, BgpConstants.SafiEvpn);
}

public sealed record RouteRefreshCapability : Capability
{
    public override byte Code => (byte)CapabilityCode.RouteRefresh;
    public static readonly RouteRefreshCapability Instance = new();
}

public sealed record EnhancedRouteRefreshCapability : Capability
{
    public override byte Code => (byte)CapabilityCode.EnhancedRouteRefresh;
    public static readonly EnhancedRouteRefreshCapability Instance = new();
}

/// <summary>RFC 8654: messages other than OPEN and KEEPALIVE may be up to 65535 octets.</summary>
public sealed record ExtendedMessageCapability : Capability
{
    public override byte Code => (byte)CapabilityCode.ExtendedMessage;
    public static readonly ExtendedMessageCapability Instance = new();
}

public sealed record FourOctetAsCapability(uint Asn) : Capability
{
    public override byte Code => (byte)CapabilityCode.FourOctetAs;
}

public sealed record GracefulRestartFamily(ushort Afi, byte Safi, bool ForwardingPreserved);

/// <summary>Graceful Restart (RFC 4724 §3): R (restart state) and N (notification, RFC 8538) flags, 12-bit restart time, families.</summary>
public sealed record GracefulRestartCapability(bool RestartState, bool NotificationSupport, ushort RestartTimeSeconds, GracefulRestartFamily[] Families) : Capability
{
    public override byte Code => (byte)CapabilityCode.GracefulRestart;

    public bool Equals(GracefulRestartCapability? other) =>
        other is not null && RestartState == other.RestartState && NotificationSupport == other.NotificationSupport &&
        RestartTimeSeconds == other.RestartTimeSeconds && Families.AsSpan().SequenceEqual(other.Families);
    public override int GetHashCode() => HashCode.Combine(RestartState, RestartTimeSeconds, Families.Length);
}

[Flags]
public enum AddPathDirection : byte
{
    None = 0,
    Receive = 1,
    Send = 2,
    Both = 3,
}

public sealed record AddPathFamily(ushort Afi, byte Safi, AddPathDirection Direction);

/// <summary>ADD-PATH (RFC 7911 §4): parsed and preserved; per family, whether the speaker can send/receive path identifiers.</summary>
public sealed record AddPathCapability(AddPathFamily[] Families) : Capability
{
    public override byte Code => (byte)CapabilityCode.AddPath;
    public bool Equals(AddPathCapability? other) => other is not null && Families.AsSpan().SequenceEqual(other.Families);
    public override int GetHashCode() => Families.Length;
}

/// <summary>A capability not interpreted here (e.g. FQDN, long-lived GR), kept byte for byte.</summary>
public sealed record UnknownCapability(byte UnknownCode, byte[] Value) : Capability
{
    public override byte Code => UnknownCode;
    public bool Equals(UnknownCapability? other) => other is not null && UnknownCode == other.UnknownCode && Value.AsSpan().SequenceEqual(other.Value);
    public override int GetHashCode() => HashCode.Combine(UnknownCode, Value.Length);
}
