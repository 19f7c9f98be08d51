namespace ActorFabric.Wire.Packets;

/// <summary>ICMPv4 message types the emulator produces (RFC 792).</summary>
public enum IcmpType : byte
{
    EchoReply = 0,
    DestinationUnreachable = 3,
    EchoRequest = 8,
    TimeExceeded = 11,
}
