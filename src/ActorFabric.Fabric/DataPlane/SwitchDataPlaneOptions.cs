using ActorFabric.Protocols.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.DataPlane;

/// <summary>Configuration of one <see cref="SwitchDataPlane"/>. Addresses are host-order IPv4 (as in the underlay).</summary>
public sealed record SwitchDataPlaneOptions
{
    /// <summary>Device name, reported in traces.</summary>
    public required string Name { get; init; }
    /// <summary>Underlay router id; also the ECMP hash seed so tiers do not polarise.</summary>
    public required uint RouterId { get; init; }
    /// <summary>Loopback (BGP/BFD source and destination).</summary>
    public required uint Loopback { get; init; }
    /// <summary>VTEP address (outer source of encapsulated frames); 0 for transit-only devices (spines, RRs).</summary>
    public uint Vtep { get; init; }
    /// <summary>A replicator's AR IP (RFC 9574 §4, a second loopback): VXLAN to it is replicated; 0 otherwise.</summary>
    public uint ArIp { get; init; }
    /// <summary>Source MAC of every frame this device sends on its fabric ports.</summary>
    public required MacAddress FabricMac { get; init; }
    public IReadOnlyList<FabricPort> FabricPorts { get; init; } = [];
    /// <summary>Access ports (leaves only); each is attached to the MAC-VRF that carries its VLAN.</summary>
    public IReadOnlyList<AccessPort> AccessPorts { get; init; } = [];
    /// <summary>The EVPN instances of this VTEP, created and fed with BGP routes by the runtime.</summary>
    public IReadOnlyList<MacVrf> MacVrfs { get; init; } = [];
    /// <summary>Outer IPv4 TTL of encapsulated and control-plane packets this device originates.</summary>
    public byte OriginTtl { get; init; } = 64;
    /// <summary>Compute the outer UDP checksum of VXLAN packets (RFC 7348 §5 allows zero; zero is the default).</summary>
    public bool VxlanUdpChecksum { get; init; }

    public bool IsVtep => Vtep != 0 && MacVrfs.Count > 0;
}
