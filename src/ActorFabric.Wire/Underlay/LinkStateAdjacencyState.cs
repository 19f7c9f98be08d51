namespace ActorFabric.Wire.Underlay;

/// <summary>
/// Three-way handshake state a router reports in its hello on a point-to-point link,
/// modelled on IS-IS's RFC 5303 §3.1 (Down, Initializing, Up).
/// </summary>
public enum LinkStateAdjacencyState : byte
{
    Down = 0,
    Initializing = 1,
    Up = 2,
}
