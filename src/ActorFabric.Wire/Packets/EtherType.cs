namespace ActorFabric.Wire.Packets;

/// <summary>EtherType values the emulator speaks (IEEE 802 numbers).</summary>
public enum EtherType : ushort
{
    Ipv4 = 0x0800,
    Arp = 0x0806,
    Vlan = 0x8100,
    Ipv6 = 0x86DD,
    QinQ = 0x88A8,
}
