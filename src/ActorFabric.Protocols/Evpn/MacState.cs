using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Protocols.Evpn;

/// <summary>Everything one MAC-VRF knows about one MAC in one bridge domain: local presence, remote routes, what it advertises, mobility.</summary>
internal sealed class MacState(MacAddress mac)
{
    public readonly MacAddress Mac = mac;
    public LocalAttachment? Local;
    /// <summary>Sequence number of our own advertisement (RFC 7432 §15).</summary>
    public uint LocalSequence;
    public readonly List<RemoteMacRoute> Remote = [];
    public readonly List<Originate> Advertised = [];

    public bool Duplicate;
    public TimeSpan DuplicateSince;
    public TimeSpan? MoveWindowStart;
    public int MovesInWindow;

    // Move history is dropped with the state: a MAC known nowhere is not in the middle of a flap.
    public bool IsEmpty => Local is null && Remote.Count == 0 && Advertised.Count == 0 && !Duplicate;
}
