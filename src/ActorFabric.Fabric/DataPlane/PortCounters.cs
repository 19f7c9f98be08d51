using ActorFabric.Protocols.Bridging;

namespace ActorFabric.Fabric.DataPlane;

/// <summary>
/// Frames and bytes through one port since the data plane was created; <see cref="BumFramesOut"/>/<see cref="BumBytesOut"/>
/// are the part of the output that was broadcast, unknown-unicast or multicast (on a fabric port: VXLAN copies whose
/// inner destination is not a known unicast MAC; on an access port: flooded or multicast copies).
/// </summary>
public readonly record struct PortCounters(PortId Port, bool IsFabric, long FramesIn, long BytesIn, long FramesOut, long BytesOut, long BumFramesOut = 0, long BumBytesOut = 0);
