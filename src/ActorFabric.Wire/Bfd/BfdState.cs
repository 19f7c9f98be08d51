namespace ActorFabric.Wire.Bfd;

/// <summary>BFD session state as carried in the Sta field (RFC 5880 §4.1).</summary>
public enum BfdState : byte
{
    AdminDown = 0,
    Down = 1,
    Init = 2,
    Up = 3,
}
