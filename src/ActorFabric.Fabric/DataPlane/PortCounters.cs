using ActorFabric.Protocols.Bridging;

namespace ActorFabric.Fabric.DataPlane;

/// <summary>Frames and bytes through one port since the data plane was created.</summary>
public readonly record struct PortCounters(PortId Port, bool IsFabric, long FramesIn, long BytesIn, long FramesOut, long BytesOut);
