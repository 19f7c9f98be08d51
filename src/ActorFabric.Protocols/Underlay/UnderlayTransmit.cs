namespace ActorFabric.Protocols.Underlay;

/// <summary>
/// An encoded PDU the host must send out of <see cref="InterfaceId"/> now. The bytes may be shared
/// with the router's database and with other transmits: never mutate them.
/// </summary>
public readonly record struct UnderlayTransmit(int InterfaceId, ReadOnlyMemory<byte> Pdu);
