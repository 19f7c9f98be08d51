using ActorFabric.Fabric.Hosts;

namespace ActorFabric.Fabric.Runtime.Messages;

// Facade → host actor multicast commands and their answers (addresses as canonical text, checked by the facade
// before sending: a host actor never sees a request it would refuse).

/// <summary>Join a group (reply: <see cref="HostGroupChanged"/>); <see cref="Version"/> null = the family's default.</summary>
internal sealed record HostJoinGroup(string Group, int? Version, string[] Sources) : IControlMessage;

/// <summary>Leave a group (reply: <see cref="HostGroupChanged"/>).</summary>
internal sealed record HostLeaveGroup(string Group) : IControlMessage;

internal sealed record HostGroupChanged(bool Changed, MulticastProtocol? Protocol) : IControlMessage;

/// <summary>Send a multicast stream; the reply (<see cref="HostMulticastStreamDone"/>) comes when the last datagram left.</summary>
internal sealed record HostMulticastStreamRequest(string Group, ushort SourcePort, ushort DestinationPort, int Rate, int PayloadSize, int Count, byte Ttl) : IControlMessage;

internal sealed record HostMulticastStreamDone(uint StreamId, string Source, long Sent, TimeSpan StartedAt) : IControlMessage;

/// <summary>What the host received of a group and whether it is a member (reply: <see cref="HostMulticastReception"/>).</summary>
internal sealed record HostMulticastQuery(string Group) : IControlMessage;

internal sealed record HostMulticastReception(bool Joined, MulticastProtocol? Protocol, MulticastStreamReception[] Streams) : IControlMessage;
