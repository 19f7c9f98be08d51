namespace ActorFabric.Fabric.Topology;

/// <summary>EVPN service interface of a MAC-VRF (RFC 7432 §6). VLAN bundle (§6.2) is not modelled:
/// with VXLAN every broadcast domain has its own VNI, which makes it VLAN-based or VLAN-aware.</summary>
public enum ServiceType
{
    /// <summary>One broadcast domain (one VLAN ↔ one VNI) per MAC-VRF; Ethernet Tag 0 (RFC 7432 §6.1, RFC 8365 §5.1.3).</summary>
    VlanBased,

    /// <summary>Several broadcast domains in one MAC-VRF; Ethernet Tag = the VNI (RFC 7432 §6.3, RFC 8365 §5.1.3).</summary>
    VlanAwareBundle,
}

public static class ServiceTypeNames
{
    public static readonly string[] All = ["vlan-based", "vlan-aware-bundle"];

    public static string ToName(this ServiceType type) => All[(int)type];

    public static bool TryParse(string text, out ServiceType type)
    {
        switch (text)
        {
            case "vlan-based": type = ServiceType.VlanBased; return true;
            case "vlan-aware-bundle" or "vlan-aware": type = ServiceType.VlanAwareBundle; return true;
            default: type = default; return false;
        }
    }
}
