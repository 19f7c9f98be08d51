namespace ActorFabric.Protocols.Evpn;

/// <summary>One VLAN ↔ VNI mapping of a MAC-VRF (a bridge domain).</summary>
public sealed record BridgeDomainOptions(ushort Vlan, uint Vni);
