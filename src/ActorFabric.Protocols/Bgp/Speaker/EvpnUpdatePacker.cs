using System.Buffers;
using System.Net;
using ActorFabric.Protocols.Bgp.Rib;
using ActorFabric.Wire.Bgp;
using ActorFabric.Wire.Bgp.Evpn;

namespace ActorFabric.Protocols.Bgp.Speaker;

/// <summary>
/// Who among an update group's members gets a packed UPDATE: everyone except the route's source
/// (RFC 4456 §6: never back to the originating client), or only one member.
/// </summary>
public readonly record struct UpdateAudience(BgpPathSource? Excluded, BgpPathSource? Only)
{
    public static readonly UpdateAudience Everyone = default;
    public bool Includes(BgpPathSource member) =>
        Only is not null ? ReferenceEquals(Only, member) : !ReferenceEquals(Excluded, member);
}

/// <summary>One packed UPDATE and who receives it.</summary>
public readonly record struct PackedUpdate(UpdateMessage Message, UpdateAudience Audience);

/// <summary>
/// Packs EVPN announcements and withdrawals into as few UPDATEs as fit the message size: announcements are
/// grouped by identical attributes and next hop (one MP_REACH_NLRI per UPDATE, RFC 4760 §3), withdrawals go
/// in MP_UNREACH_NLRI-only UPDATEs (RFC 4760 §4). Output order is deterministic: withdrawals first, then
/// announcement groups in the order their first route was added, routes in the order added.
/// </summary>
public sealed class EvpnUpdatePacker
{
    private readonly Dictionary<(PathAttributes, IPAddress, UpdateAudience), int> _announceIndex = new();
    private readonly List<(PathAttributes Attributes, IPAddress NextHop, UpdateAudience Audience, List<EvpnRoute> Routes)> _announces = [];
    private readonly Dictionary<UpdateAudience, int> _withdrawIndex = new();
    private readonly List<(UpdateAudience Audience, List<EvpnRoute> Routes)> _withdrawals = [];

    public bool IsEmpty => _announces.Count == 0 && _withdrawals.Count == 0;

    public void Announce(EvpnRoute route, PathAttributes attributes, IPAddress nextHop, UpdateAudience audience = default)
    {
        var key = (attributes, nextHop, audience);
        if (!_announceIndex.TryGetValue(key, out int i))
        {
            i = _announces.Count;
            _announceIndex[key] = i;
            _announces.Add((attributes, nextHop, audience, []));
        }
        _announces[i].Routes.Add(route);
    }

    public void Withdraw(EvpnRoute route, UpdateAudience audience = default)
    {
        if (!_withdrawIndex.TryGetValue(audience, out int i))
        {
            i = _withdrawals.Count;
            _withdrawIndex[audience] = i;
            _withdrawals.Add((audience, []));
        }
        _withdrawals[i].Routes.Add(route);
    }

    /// <summary>Build the UPDATEs (each at most <paramref name="maxMessageLength"/> octets when encoded) and reset.</summary>
    public void Build(int maxMessageLength, List<PackedUpdate> into)
    {
        foreach (var (audience, routes) in _withdrawals)
        {
            int budget = maxMessageLength - EvpnUpdateSizing.UpdateOverhead - EvpnUpdateSizing.MpUnreachOverhead;
            Chunk(routes, budget, chunk => into.Add(new PackedUpdate(
                new UpdateMessage { MpUnreach = new MpUnreachNlri(BgpConstants.AfiL2vpn, BgpConstants.SafiEvpn, chunk) }, audience)));
        }
        foreach (var (attributes, nextHop, audience, routes) in _announces)
        {
            int budget = maxMessageLength - EvpnUpdateSizing.UpdateOverhead - EvpnUpdateSizing.MpReachOverhead - EvpnUpdateSizing.AttributesLength(attributes);
            Chunk(routes, budget, chunk => into.Add(new PackedUpdate(
                new UpdateMessage { Attributes = attributes, MpReach = new MpReachNlri(BgpConstants.AfiL2vpn, BgpConstants.SafiEvpn, nextHop, chunk) }, audience)));
        }
        Clear();
    }

    /// <summary>
    /// Builds for one receiver (every audience) and encodes the UPDATEs into <paramref name="output"/>, each within
    /// the session's maximum message length; resets; returns how many UPDATEs were written. For load generators
    /// and benchmarks that stream the speaker's packing straight to bytes.
    /// </summary>
    public int BuildInto(IBufferWriter<byte> output, BgpCodecOptions options)
    {
        var packed = new List<PackedUpdate>();
        Build(options.MaxMessageLength, packed);
        foreach (var p in packed) BgpMessageWriter.Write(p.Message, output, options);
        return packed.Count;
    }

    public void Clear()
    {
        _announceIndex.Clear();
        _announces.Clear();
        _withdrawIndex.Clear();
        _withdrawals.Clear();
    }

    private static void Chunk(List<EvpnRoute> routes, int budget, Action<EvpnRoute[]> emit)
    {
        int start = 0, used = 0;
        for (int i = 0; i < routes.Count; i++)
        {
            int len = EvpnUpdateSizing.RouteLength(routes[i]);
            if (i > start && used + len > budget)
            {
                emit(Slice(routes, start, i - start));
                start = i;
                used = 0;
            }
            used += len;
        }
        if (start < routes.Count) emit(Slice(routes, start, routes.Count - start));
    }

    private static EvpnRoute[] Slice(List<EvpnRoute> routes, int start, int count)
    {
        var array = new EvpnRoute[count];
        routes.CopyTo(start, array, 0, count);
        return array;
    }
}
