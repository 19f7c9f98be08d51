using System.Collections.Immutable;

namespace ActorFabric.Fabric.Topology;

/// <summary>
/// Assisted Replication of the fabric (the optional <c>assisted-replication:</c> block; docs/topology.md). Where the
/// seed document (Junos) and RFC 9574 differ, the defaults follow the document and the RFC behaviour is a setting.
/// </summary>
public sealed record AssistedReplicationSettings
{
    /// <summary>Extended AR mode (the document's only mode on QFX) or regular mode (RFC 9574).</summary>
    public ArMode Mode { get; init; } = ArMode.Extended;

    /// <summary>How an AR leaf picks a replicator for a flow no policy matches.</summary>
    public ArLoadBalancing LoadBalancing { get; init; } = ArLoadBalancing.Vni;

    /// <summary>How long an AR leaf waits before using a newly seen replicator (RFC 9574 §5.2, recommended 3 s); plain IR meanwhile.</summary>
    public TimeSpan ActivationDelay { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Whether unknown unicast goes through the replicator (document: AR covers all BUM) or keeps ingress replication (RFC 9574 §5).</summary>
    public ArUnknownUnicast UnknownUnicast { get; init; } = ArUnknownUnicast.Replicate;

    /// <summary>The role in the T field of a replicator's own IR type-3 route: AR-REPLICATOR (document) or RNVE (RFC 9574 §4, T = 00).</summary>
    public ArReplicatorIrRole ReplicatorIrRole { get; init; } = ArReplicatorIrRole.ArReplicator;

    /// <summary>Deterministic AR policies, tried in order by every AR leaf; the first match decides.</summary>
    public ImmutableArray<ArPolicy> Policies { get; init; } = [];

    /// <summary>Indices into <see cref="FabricTopology.Nodes"/> of the replicators, ascending.</summary>
    public ImmutableArray<int> Replicators { get; init; } = [];
}

/// <summary>The AR operating mode, announced by replicators in the multicast-flags extended community of their AR route.</summary>
public enum ArMode
{
    /// <summary>
    /// The replicator sends its copies with its own IR IP as source; an AR leaf with a multihomed source replicates to its
    /// multihoming peers itself and the replicator skips them (document, "Extended AR mode"; Extended-MH-AR flag set).
    /// </summary>
    Extended,

    /// <summary>The replicator keeps the ingress leaf's source IP, so split horizon works at the peers (RFC 9574 §5.1).</summary>
    Regular,
}

/// <summary>The default replicator choice of an AR leaf among the available replicators.</summary>
public enum ArLoadBalancing
{
    /// <summary>Hash-mod of the VNI over the replicators (QFX5000 line in the document).</summary>
    Vni,

    /// <summary>Per flow: hash-mod of the multicast group (QFX10000 line in the document).</summary>
    Group,
}

/// <summary>What an AR leaf does with unknown unicast.</summary>
public enum ArUnknownUnicast
{
    /// <summary>Sent to the replicator like broadcast and multicast (the document: AR applies to all BUM).</summary>
    Replicate,

    /// <summary>Ingress replication to every VTEP (RFC 9574 §5: only broadcast and multicast are assisted).</summary>
    IngressReplication,
}

/// <summary>The T field of a replicator's IR type-3 route.</summary>
public enum ArReplicatorIrRole
{
    /// <summary>AR-REPLICATOR (T = 01), as the document lists for the replicator's IR route.</summary>
    ArReplicator,

    /// <summary>RNVE (T = 00), as RFC 9574 §4 asks of a replicator's Regular-IR route.</summary>
    Rnve,
}

/// <summary>The spelling of the AR block's choices in topology files.</summary>
internal static class ArChoiceNames
{
    public static readonly string[] Modes = ["extended", "regular"];
    public static readonly string[] LoadBalancing = ["vni", "group"];
    public static readonly string[] UnknownUnicast = ["replicate", "ingress"];
    public static readonly string[] ReplicatorIrRoles = ["ar-replicator", "rnve"];
}
