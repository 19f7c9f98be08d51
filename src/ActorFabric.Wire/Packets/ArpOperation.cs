namespace ActorFabric.Wire.Packets;

/// <summary>ARP opcodes (RFC 826; IANA "ARP Operation Codes").</summary>
public enum ArpOperation : ushort
{
    Request = 1,
    Reply = 2,
}
