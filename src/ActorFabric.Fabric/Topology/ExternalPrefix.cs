namespace ActorFabric.Fabric.Topology;

/// <summary>
/// A prefix a border leaf learns from outside the fabric into an IP-VRF (index into <see cref="FabricTopology.IpVrfs"/>),
/// reached through <see cref="NextHop"/> (an address of the prefix's family, as <see cref="AddressPrefix.Address"/> holds
/// it). The border leaf advertises it into the fabric as a type 5 route (RFC 9136 §4.4.1).
/// </summary>
public readonly record struct ExternalPrefix(int IpVrf, AddressPrefix Prefix, UInt128 NextHop);
