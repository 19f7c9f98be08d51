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
    // Sized for the usual remote MAC: its MAC-only and its MAC+IP route.
    public readonly List<RemoteMacRoute> Remote = new(2);
    // Created on first use: most MACs of a big fabric are remote and never advertised from here.
    private List<Originate>? _advertised;
    public List<Originate> Advertised => _advertised ??= [];
    public int AdvertisedCount => _advertised?.Count ?? 0;

    public bool Duplicate;
    public TimeSpan DuplicateSince;
    public TimeSpan? MoveWindowStart;
    public int MovesInWindow;

    // Move history is dropped with the state: a MAC known nowhere is not in the middle of a flap.
    public bool IsEmpty => Local is null && Remote.Count == 0 && AdvertisedCount == 0 && !Duplicate;
}
