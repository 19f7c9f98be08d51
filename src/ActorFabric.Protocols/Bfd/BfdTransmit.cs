using ActorFabric.Wire.Bfd;

namespace ActorFabric.Protocols.Bfd;

/// <summary>A Control packet the host must send now (<see cref="At"/> is the input's <c>now</c>). Encode with <see cref="BfdControlPacket.WriteTo"/>.</summary>
public readonly record struct BfdTransmit(TimeSpan At, BfdControlPacket Packet);
