using ActorFabric.Fabric.Hosts;
using ActorFabric.Fabric.Runtime.Messages;

namespace ActorFabric.Fabric.Runtime;

// Multicast from the hosts' side: joins and leaves with real IGMP/MLD messages, UDP streams to a group, and what every
// host received of a group (packets, duplicates, unsolicited copies).
public sealed partial class FabricRuntime
{
    /// <summary>
    /// <paramref name="host"/> joins <paramref name="group"/> (IPv4: IGMP, <paramref name="version"/> 2 or 3, default 3;
    /// IPv6: MLD, 1 or 2, default 2), for any source or only <paramref name="sources"/> (IGMPv3/MLDv2). The host sends
    /// its report at once and repeats it 1 s later; the answer comes when the first report has left the host (let
    /// time pass, <see cref="AdvanceAsync"/>, before relying on the switches' state). Bad addresses or versions throw
    /// <see cref="ArgumentException"/>; an unknown host throws <see cref="UnknownFabricObjectException"/>.
    /// </summary>
    public Task<MulticastMembershipChange> JoinGroupAsync(string host, string group, int? version = null, IReadOnlyList<string>? sources = null)
    {
        var g = ParseAddress(group, nameof(group));
        var s = (sources ?? []).Select(text => ParseAddress(text, nameof(sources))).ToArray();
        var protocol = MulticastMembership.Resolve(g, version, s);
        string[] sourceTexts = [.. s.Distinct().Order().Select(static a => a.ToString())];
        return Serialized(async () =>
        {
            var answer = await Ask<HostGroupChanged>(_directory.Hosts[HostIndex(host)], new HostJoinGroup(g.ToString(), version, sourceTexts)).ConfigureAwait(false);
            return new MulticastMembershipChange(host, g.ToString(), answer.Protocol ?? protocol, sourceTexts, answer.Changed, Now);
        });
    }

    /// <summary>
    /// <paramref name="host"/> leaves <paramref name="group"/>: IGMPv2 Leave, IGMPv3/MLDv2 change to INCLUDE{} (sent
    /// twice), or MLDv1 Done. <see cref="MulticastMembershipChange.Changed"/> is false when the host was not a member.
    /// </summary>
    public Task<MulticastMembershipChange> LeaveGroupAsync(string host, string group)
    {
        var g = ParseAddress(group, nameof(group));
        if (!g.IsMulticast) throw new ArgumentException($"{g} is not a multicast group address");
        return Serialized(async () =>
        {
            var answer = await Ask<HostGroupChanged>(_directory.Hosts[HostIndex(host)], new HostLeaveGroup(g.ToString())).ConfigureAwait(false);
            return new MulticastMembershipChange(host, g.ToString(), null, [], answer.Changed, Now);
        });
    }

    /// <summary>
    /// Sends <paramref name="count"/> UDP datagrams of <paramref name="payloadSize"/> octets (at least 8: the stream id
    /// and sequence number lead each payload) from <paramref name="host"/> to <paramref name="group"/>, at
    /// <paramref name="rate"/> per second of emulated time, with TTL / hop limit <paramref name="ttl"/>. Answers when the
    /// last datagram has left and a further second has passed for it to arrive everywhere.
    /// </summary>
    public Task<MulticastStreamResult> StartMulticastStreamAsync(string host, string group, int rate = 100, int payloadSize = 64, int count = 100,
        ushort destinationPort = 5001, ushort? sourcePort = null, byte ttl = 1)
    {
        var g = ParseAddress(group, nameof(group));
        if (!g.IsMulticast) throw new ArgumentException($"{g} is not a multicast group address");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rate, 1_000_000);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ttl);
        ArgumentOutOfRangeException.ThrowIfLessThan(payloadSize, MulticastStream.HeaderLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadSize, g.IsIpv6 ? 1452 : 1472);
        return Serialized(async () =>
        {
            int h = HostIndex(host);
            var duration = TimeSpan.FromTicks((count - 1) * TimeSpan.TicksPerSecond / rate);
            var request = new HostMulticastStreamRequest(g.ToString(), sourcePort ?? (ushort)(40000 + h % 20000), destinationPort, rate, payloadSize, count, ttl);
            var done = await Ask<HostMulticastStreamDone>(_directory.Hosts[h], request, duration + TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            var finished = Now;
            // Let the last datagram cross the fabric (a second is far above any emulated path delay).
            await AdvanceCore(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            return new MulticastStreamResult(host, g.ToString(), done.Source, done.StreamId, done.Sent, rate, payloadSize, done.StartedAt, finished);
        });
    }

    /// <summary>Every host that is a member of <paramref name="group"/> or received its traffic, with per-stream packets, duplicates and unsolicited copies.</summary>
    public Task<MulticastGroupReceivers> MulticastReceiversAsync(string group)
    {
        var g = ParseAddress(group, nameof(group));
        return Serialized(async () =>
        {
            var query = new HostMulticastQuery(g.ToString());
            // Ask every host at once, then wait for each answer in turn. Not Task.WhenAll: its completion runs as a
            // continuation on the thread pool, which the virtual-time driver may not see before it runs out of work
            // (a run could then end in a timeout by chance); each ask's own task completes on the driver thread.
            var asks = new Task<HostMulticastReception>[_hostNames.Length];
            for (int i = 0; i < asks.Length; i++) asks[i] = Akka.Actor.Futures.Ask<HostMulticastReception>(_directory.Hosts[i], query);
            var answers = new HostMulticastReception[asks.Length];
            for (int i = 0; i < asks.Length; i++) answers[i] = await Wait(asks[i], Options.QueryTimeout).ConfigureAwait(false);
            var receivers = new List<MulticastReceiver>();
            for (int i = 0; i < answers.Length; i++)
                if (answers[i].Joined || answers[i].Streams.Length > 0)
                    receivers.Add(new MulticastReceiver(_hostNames[i], answers[i].Joined, answers[i].Protocol, answers[i].Streams));
            // OISM: the emulated receivers behind each PEG (RFC 9625 §2.3), as one more receiver per PEG.
            receivers.AddRange(await ExternalReceiversCore(g.ToString()).ConfigureAwait(false));
            return new MulticastGroupReceivers(g.ToString(), Now, receivers);
        });
    }

    private static HostAddress ParseAddress(string text, string parameter) =>
        HostAddress.TryParse(text, out var address) ? address : throw new ArgumentException($"{parameter}: '{text}' is not an IPv4 or IPv6 address");
}
