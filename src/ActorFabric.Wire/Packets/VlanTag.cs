namespace ActorFabric.Wire.Packets;

/// <summary>
/// An 802.1Q tag's control information: PCP (3 bits), DEI (1 bit), VID (12 bits).
/// VID 0 means priority-tagged and 4095 is reserved (IEEE 802.1Q §9.6).
/// </summary>
public readonly record struct VlanTag(ushort VlanId, byte Priority = 0, bool DropEligible = false)
{
    public const ushort MaxVlanId = 4095;

    /// <summary>The 16-bit TCI as carried on the wire after TPID 0x8100.</summary>
    public ushort Tci => (ushort)(((Priority & 0x7) << 13) | (DropEligible ? 0x1000 : 0) | (VlanId & 0x0FFF));

    public static VlanTag FromTci(ushort tci) => new((ushort)(tci & 0x0FFF), (byte)(tci >> 13), (tci & 0x1000) != 0);

    public override string ToString() => Priority == 0 && !DropEligible ? $"vlan {VlanId}" : $"vlan {VlanId} pcp {Priority}{(DropEligible ? " dei" : "")}";
}
