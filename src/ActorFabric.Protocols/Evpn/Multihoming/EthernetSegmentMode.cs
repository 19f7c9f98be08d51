namespace ActorFabric.Protocols.Evpn.Multihoming;

/// <summary>Redundancy mode of a multihomed segment (RFC 7432 §14.1), signalled by the ESI Label EC's flag.</summary>
public enum EthernetSegmentMode
{
    /// <summary>Every PE forwards unicast; remote PEs load-balance over all of them (aliasing).</summary>
    AllActive,
    /// <summary>Only the DF of a VLAN forwards; the others are backups.</summary>
    SingleActive,
}
