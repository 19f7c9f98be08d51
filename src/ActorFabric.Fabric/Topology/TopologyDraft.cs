using ActorFabric.Wire.Bgp;

namespace ActorFabric.Fabric.Topology;

/// <summary>
/// A topology as written (explicit items, generated items and imported containerlab items), each
/// with the place it came from, before defaults are applied and cross-references are checked by
/// <see cref="TopologyCompiler"/>. Readers add items here and record syntax problems in <see cref="Errors"/>.
/// </summary>
internal sealed class TopologyDraft(string file)
{
    public string File { get; } = file;
    public List<TopologyError> Errors { get; } = [];

    public string? Name { get; set; }
    public uint? Asn { get; set; }
    public SourceMark AsnMark { get; set; }
    public FabricSettings Settings { get; set; } = FabricSettings.Default;

    public List<NodeDraft> Nodes { get; } = [];
    public List<LinkDraft> Links { get; } = [];
    public List<MacVrfDraft> MacVrfs { get; } = [];
    public List<HostDraft> Hosts { get; } = [];
    public List<SegmentDraft> Segments { get; } = [];

    /// <summary>The <c>multicast:</c> block, or null when absent.</summary>
    public MulticastDraft? Multicast { get; set; }

    /// <summary>The <c>assisted-replication:</c> block, or null when absent (the generator may add an empty one).</summary>
    public ArDraft? AssistedReplication { get; set; }

    /// <summary>The <c>routing:</c> block, or null when absent (every default).</summary>
    public RoutingDraft? Routing { get; set; }

    /// <summary>The <c>ip-vrfs:</c> entries (and the generator's tenant VRFs).</summary>
    public List<IpVrfDraft> IpVrfs { get; } = [];

    /// <summary>The generator's <c>snooping:</c>: the fabric default when the <c>multicast:</c> block does not set one.</summary>
    public bool? GeneratedSnooping { get; set; }

    /// <summary>Hosts from an imported lab that take the first broadcast domain of the fabric unless a side file says otherwise.</summary>
    public SourceMark? DefaultMacVrfMark { get; set; }

    public void Error(SourceMark at, string message) => Errors.Add(new TopologyError(at, message));
}

internal sealed class NodeDraft
{
    public required string Name { get; set; }
    public required SourceMark Mark { get; set; }
    public NodeRole? Role { get; set; }
    public bool? RouteReflector { get; set; }
    public uint? Loopback { get; set; }
    public SourceMark LoopbackMark { get; set; }
    public uint? RouterId { get; set; }
    public SourceMark RouterIdMark { get; set; }
    public uint? Vtep { get; set; }
    public SourceMark VtepMark { get; set; }
    public uint? Asn { get; set; }
    public int Ports { get; set; }
    public string? Kind { get; set; }
    public string? Image { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    /// <summary>The node's <c>assisted-replication</c>, <c>ar-ip</c> and <c>snooping</c> as written, each with its position.</summary>
    public (ArRole Value, SourceMark Mark)? ArRole { get; set; }
    public (uint Value, SourceMark Mark)? ArIp { get; set; }
    public (bool Value, SourceMark Mark)? Snooping { get; set; }
    /// <summary>The node's <c>routes</c> (a CRB routing node) and <c>external-prefixes</c>, as written.</summary>
    public (bool Value, SourceMark Mark)? Routes { get; set; }
    public List<ExternalPrefixDraft>? ExternalPrefixes { get; set; }

    /// <summary>Came from a containerlab file; a side-file entry of the same name refines it instead of clashing.</summary>
    public bool Imported { get; set; }
}

internal readonly record struct EndpointDraft(string Node, string? Port, SourceMark Mark);

internal sealed class LinkDraft
{
    public required EndpointDraft A { get; init; }
    public required EndpointDraft B { get; init; }
    public required SourceMark Mark { get; init; }
    public TimeSpan? Latency { get; set; }
    public double Loss { get; set; }
    public LinkState State { get; set; }
}

/// <summary>One VLAN ↔ VNI mapping; <see cref="Leaves"/> (generator only) overrides the MAC-VRF's leaves for this VNI.</summary>
internal readonly record struct DomainDraft(uint Vni, ushort Vlan, uint? Subnet, int PrefixLength, SourceMark VniMark, SourceMark VlanMark, SourceMark SubnetMark)
{
    public List<(string Node, SourceMark Mark)>? Leaves { get; init; }

    /// <summary>The anycast gateway as written (already checked against the subnet), 0 = none given.</summary>
    public uint Gateway { get; init; }
    public SourceMark GatewayMark { get; init; }
    public (UInt128 Address, int Length)? Gateway6 { get; init; }
    public SourceMark Gateway6Mark { get; init; }
}

internal sealed class MacVrfDraft
{
    public required string Name { get; init; }
    public required SourceMark Mark { get; init; }
    public ServiceType Service { get; set; }
    public ushort? Evi { get; set; }
    public SourceMark EviMark { get; set; }
    public RouteDistinguisher? Rd { get; set; }
    public List<ExtendedCommunity>? Import { get; set; }
    public List<ExtendedCommunity>? Export { get; set; }
    public List<DomainDraft> Domains { get; } = [];

    /// <summary>Leaves carrying this MAC-VRF; null = every leaf and border leaf.</summary>
    public List<(string Node, SourceMark Mark)>? Leaves { get; set; }
}

/// <summary>Per-field positions of a hand-written host (generated hosts share one mark).</summary>
internal sealed class HostMarks
{
    public SourceMark Leaf, Port, Vlan, Mac, Ip, Ip6;
}

/// <summary>An <c>ethernet-segments:</c> entry as written.</summary>
internal sealed class SegmentDraft
{
    public string? Name;
    public SourceMark Mark;
    /// <summary>Ten hex octets, "auto-lacp" (type 1) or "auto-mac" (type 3); null = auto-mac.</summary>
    public string? Esi;
    public SourceMark EsiMark;
    public string? Mode;
    public SourceMark ModeMark;
    public string? Algorithm;
    public SourceMark AlgorithmMark;
    public ulong? SystemMac;
    public ushort? LacpPortKey;
    public uint? LocalDiscriminator;
    public List<(string? Leaf, string? Port, ushort? Preference, SourceMark Mark)> Members { get; } = [];
}

internal struct HostDraft
{
    public string? Name;
    /// <summary>The Ethernet segment (LAG) the host is attached to, instead of a leaf and port.</summary>
    public string? Segment;
    public SourceMark SegmentMark;
    public string? Leaf;
    public string? Port;
    public ushort Vlan;
    public uint Vni;
    public ulong Mac;
    public bool HasMac;
    public uint Ip;
    public byte PrefixLength;
    public bool HasIp;
    /// <summary>An explicit <c>ipv6:</c> (needs a VLAN with a <c>gateway6</c>); <see cref="Ip6PrefixLength"/> -1 when written bare.</summary>
    public UInt128 Ip6;
    public int Ip6PrefixLength;
    public bool HasIp6;
    /// <summary>The leaf pins the host's MAC on its port (a sticky MAC, RFC 7432 §15.2).</summary>
    public bool StaticMac;
    public bool Imported;
    public SourceMark Mark;
    public HostMarks? Marks;

    public readonly SourceMark LeafMark => Marks?.Leaf ?? Mark;
    public readonly SourceMark PortMark => Marks?.Port ?? Mark;
    public readonly SourceMark VlanMark => Marks?.Vlan ?? Mark;
    public readonly SourceMark MacMark => Marks?.Mac ?? Mark;
    public readonly SourceMark IpMark => Marks?.Ip ?? Mark;
    public readonly SourceMark Ip6Mark => Marks?.Ip6 ?? Mark;
}

/// <summary>A <c>multicast:</c> block as written: its settings and whether it set <c>snooping</c>.</summary>
internal sealed class MulticastDraft
{
    public required SourceMark Mark { get; init; }
    public MulticastSettings Settings { get; set; } = MulticastSettings.Default;
    public bool SnoopingGiven { get; set; }
}

/// <summary>An <c>assisted-replication:</c> block as written; policies still name their replicators.</summary>
internal sealed class ArDraft
{
    /// <summary>Automatic AR IPs come from here (docs/topology.md); not the loopback pool, so loopbacks keep their numbers.</summary>
    public const uint DefaultPool = 0x0A01_0000; // 10.1.0.0/16

    public required SourceMark Mark { get; init; }
    public AssistedReplicationSettings Settings { get; set; } = new();
    public uint Pool { get; set; } = DefaultPool;
    public int PoolPrefixLength { get; set; } = 16;
    public List<ArPolicyDraft> Policies { get; } = [];
}

internal sealed class ArPolicyDraft
{
    public required string Name { get; init; }
    public required SourceMark Mark { get; init; }
    public AddressPrefix? Group;
    public AddressPrefix? Source;
    public uint Vni;
    public SourceMark VniMark;
    public string? Replicator;
    public SourceMark ReplicatorMark;
    public string? Fallback;
    public SourceMark FallbackMark;
    public bool Strict;
}

/// <summary>A <c>routing:</c> block as written.</summary>
internal sealed class RoutingDraft
{
    public required SourceMark Mark { get; init; }
    public RoutingSettings Settings { get; set; } = RoutingSettings.Default;
    public SourceMark DesignMark { get; set; }
}

/// <summary>An <c>ip-vrfs:</c> entry as written; MAC-VRFs still named.</summary>
internal sealed class IpVrfDraft
{
    public required string Name { get; init; }
    public required SourceMark Mark { get; init; }
    public uint L3Vni;
    public SourceMark L3VniMark;
    public List<ExtendedCommunity>? Import;
    public List<ExtendedCommunity>? Export;
    public List<(string Name, SourceMark Mark)> MacVrfs { get; } = [];
    public OismDraft? Oism;
}

/// <summary>One entry of a border leaf's <c>external-prefixes</c> as written.</summary>
internal sealed record ExternalPrefixDraft(string Vrf, SourceMark VrfMark, AddressPrefix Prefix, SourceMark PrefixMark, UInt128 NextHop);
