using ActorFabric.Wire.Bgp;

namespace ActorFabric.Protocols.Bridging;

/// <summary>
/// Whether a port on a multihomed Ethernet segment may carry a VNI's traffic at all: on a single-active segment only
/// the DF of the VLAN forwards, in both directions, unicast included (RFC 7432 §8.5, §14.1.1).
/// </summary>
public interface ISegmentGate
{
    bool Blocks(uint vni, EthernetSegmentId esi);
}
