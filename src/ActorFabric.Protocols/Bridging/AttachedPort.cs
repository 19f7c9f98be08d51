using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Bridging;

/// <summary>An access port attached to a bridge domain, with the Ethernet segment it belongs to (zero = single-homed).</summary>
public readonly record struct AttachedPort(PortId Port, EthernetSegmentId Esi);
