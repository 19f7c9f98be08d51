namespace ActorFabric.Fabric.Runtime.Messages;

/// <summary>The emulated external source behind a PEG sends <see cref="Count"/> datagrams to <see cref="Group"/> into ip-vrf <see cref="Vrf"/>.</summary>
internal sealed record OismExternalStream(string Vrf, string Group, int Count, int PayloadSize, byte Ttl, uint StreamId) : IControlMessage;

/// <summary>How many of them entered the tenant (0: not a PEG of the VRF with an external source).</summary>
internal sealed record OismExternalSent(int Sent) : IControlMessage;
