using System.Net;
using ActorFabric.Protocols.Bridging;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Evpn;

/// <summary>
/// An output of <see cref="MacVrf"/>, polled by the host with <see cref="MacVrf.TryPollEffect"/> in the order
/// produced. Route effects go to the BGP speaker (next hop = the MAC-VRF's local VTEP); the rest are events.
/// </summary>
public abstract record MacVrfEffect;

/// <summary>
/// Advertise (or re-advertise with new attributes) a route this VTEP originates; <see cref="NextHop"/> null means the
/// local VTEP (a replicator's Replicator-AR route has its AR IP instead, RFC 9574 §4).
/// </summary>
public sealed record Originate(EvpnRoute Route, PathAttributes Attributes, IPAddress? NextHop = null) : MacVrfEffect;

/// <summary>Withdraw a route previously originated; match by route key.</summary>
public sealed record Withdraw(EvpnRoute Route) : MacVrfEffect;

/// <summary>An FDB entry appeared (<see cref="Previous"/> null), changed, or went away (<see cref="Current"/> null).</summary>
public sealed record FdbChanged(uint Vni, MacAddress Mac, FdbEntry? Previous, FdbEntry? Current) : MacVrfEffect;

/// <summary>N moves within M seconds: the MAC is frozen, no more updates sent or processed for it (RFC 7432 §15.1).</summary>
public sealed record DuplicateMacDetected(uint Vni, MacAddress Mac, int Moves, TimeSpan At) : MacVrfEffect;

/// <summary>A duplicate MAC was released (recovery timer or operator) and is handled normally again.</summary>
public sealed record DuplicateMacCleared(uint Vni, MacAddress Mac, TimeSpan At) : MacVrfEffect;

/// <summary>
/// A sticky/static MAC was seen somewhere it may not move to (RFC 7432 §15.2: the PE must alert): learned
/// locally while a remote route pins it (<see cref="RemoteVtep"/> set), or advertised remotely while it is
/// static here (<see cref="LocalPort"/> set), or seen on another port than its static one.
/// </summary>
public sealed record StickyMacConflict(uint Vni, MacAddress Mac, PortId? LocalPort, IPAddress? RemoteVtep, TimeSpan At) : MacVrfEffect;

/// <summary>The Assisted Replication state of a VNI changed: its operational mode or the replicator it uses (RFC 9574 §5.2 re-selection).</summary>
public sealed record ReplicatorChanged(Multicast.Replication.AssistedReplicationChanged Change) : MacVrfEffect;

/// <summary>Snooping wants a membership query sent on the VLAN's access ports (general, or group-specific after a leave, RFC 3376 §6.6.3).</summary>
public sealed record SendMembershipQuery(ushort Vlan, Multicast.Snooping.SendQuery Query) : MacVrfEffect;
