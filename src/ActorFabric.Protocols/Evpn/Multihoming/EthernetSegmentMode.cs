namespace ActorFabric.Protocols.Evpn.Multihoming;

/// <summary>Redundancy mode of an Ethernet segment (RFC 7432 §14.1).</summary>
public enum EthernetSegmentMode
{
    AllActive,
    SingleActive,
}
