namespace ActorFabric.Protocols.Evpn;

/// <summary>How a MAC-VRF maps VLANs to bridge tables (RFC 7432 §6; RFC 8365 §5.1.2).</summary>
public enum EvpnServiceType : byte
{
    /// <summary>One VLAN ↔ one VNI per MAC-VRF; Ethernet Tag 0 in every route (RFC 7432 §6.1).</summary>
    VlanBased,
    /// <summary>Several VLAN ↔ VNI bridge tables in one MAC-VRF; Ethernet Tag = VNI (RFC 7432 §6.3, RFC 8365 §5.1.3).</summary>
    VlanAwareBundle,
}
