using ActorFabric.Protocols.Bridging;

namespace ActorFabric.Fabric.DataPlane;

public enum ControlPlaneSendKind : byte
{
    /// <summary>Sent on <see cref="ControlPlaneSendResult.Port"/>.</summary>
    Sent,
    /// <summary>The destination is this device itself; nothing was sent.</summary>
    Local,
    /// <summary>No underlay route: dropped (the caller's protocol times out, as over a real network).</summary>
    NoRoute,
    /// <summary>The packet was not a well-formed IPv4 packet, or too large.</summary>
    Malformed,
}

/// <summary>What <see cref="SwitchDataPlane.SendFromControlPlane"/> did.</summary>
public readonly record struct ControlPlaneSendResult(ControlPlaneSendKind Kind, PortId Port);
