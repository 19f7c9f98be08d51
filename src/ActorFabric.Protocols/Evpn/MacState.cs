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

    // Remote routes in arrival order. The usual remote MAC has two (its MAC-only and its MAC+IP route), kept
    // inline: a big fabric holds hundreds of thousands of remote MACs per process, and a list per MAC would be
    // two more objects each. A third route and beyond go to the overflow array.
    private RemoteMacRoute _remote0;
    private RemoteMacRoute _remote1;
    private RemoteMacRoute[]? _remoteMore;
    private int _remoteCount;

    // Created on first use: most MACs of a big fabric are remote and never advertised from here.
    private List<Originate>? _advertised;
    public List<Originate> Advertised => _advertised ??= [];
    public int AdvertisedCount => _advertised?.Count ?? 0;

    // Mobility history, created on the first move: most MACs never move.
    private MacMoveHistory? _mobility;

    public bool Duplicate => _mobility is { Duplicate: true };
    public MacMoveHistory Mobility => _mobility ??= new MacMoveHistory();
    public MacMoveHistory? MobilityIfAny => _mobility;
    /// <summary>Forgets the move history (on release of a duplicate), dropping its storage.</summary>
    public void ClearMobility() => _mobility = null;

    public int RemoteCount => _remoteCount;

    public RemoteMacRoute RemoteAt(int i) => i switch
    {
        0 => _remote0,
        1 => _remote1,
        _ => _remoteMore![i - 2],
    };

    /// <summary>Appends a remote route record (after any existing ones).</summary>
    public void AddRemote(in RemoteMacRoute record)
    {
        switch (_remoteCount)
        {
            case 0: _remote0 = record; break;
            case 1: _remote1 = record; break;
            default:
                int at = _remoteCount - 2;
                if (_remoteMore is null) _remoteMore = new RemoteMacRoute[2];
                else if (at == _remoteMore.Length) Array.Resize(ref _remoteMore, _remoteMore.Length * 2);
                _remoteMore[at] = record;
                break;
        }
        _remoteCount++;
    }

    /// <summary>Removes the record at <paramref name="index"/>, keeping the order of the others.</summary>
    public void RemoveRemoteAt(int index)
    {
        for (int i = index; i < _remoteCount - 1; i++) SetRemote(i, RemoteAt(i + 1));
        _remoteCount--;
        SetRemote(_remoteCount, default); // drop the references
        if (_remoteCount <= 2) _remoteMore = null;
    }

    /// <summary>Index of the record whose route has the same key as <paramref name="route"/>, or -1.</summary>
    public int IndexOfRemote(MacIpAdvertisementRoute route)
    {
        for (int i = 0; i < _remoteCount; i++)
            if (EvpnRouteKeyComparer.Instance.Equals(RemoteAt(i).Route, route)) return i;
        return -1;
    }

    private void SetRemote(int i, in RemoteMacRoute record)
    {
        switch (i)
        {
            case 0: _remote0 = record; break;
            case 1: _remote1 = record; break;
            default: if (_remoteMore is { } more) more[i - 2] = record; break;
        }
    }

    // Move history is dropped with the state: a MAC known nowhere is not in the middle of a flap.
    public bool IsEmpty => Local is null && _remoteCount == 0 && AdvertisedCount == 0 && !Duplicate;
}

