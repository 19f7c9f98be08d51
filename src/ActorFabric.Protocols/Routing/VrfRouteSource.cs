namespace ActorFabric.Protocols.Routing;

/// <summary>Where a path of an IP-VRF route comes from; for one prefix a lower value is preferred.</summary>
public enum VrfRouteSource
{
    /// <summary>An anycast gateway address of an IRB: packets to it are for this router.</summary>
    GatewayAddress,
    /// <summary>The subnet of an IRB interface (connected).</summary>
    Connected,
    /// <summary>A /32 or /128 of a host learned on a local port (MAC+IP snooping of the MAC-VRF).</summary>
    LocalHost,
    /// <summary>A configured external or static prefix delivered outside the fabric.</summary>
    Static,
    /// <summary>A /32 or /128 from a remote type-2 MAC+IP route (RFC 9135 §5.2, §6).</summary>
    RemoteHost,
    /// <summary>A prefix from a remote type-5 route (RFC 9136 §3, §4.4).</summary>
    RemotePrefix,
}
