using ActorFabric.Fabric.Hosts;
using ActorFabric.Fabric.Runtime.Messages;
using ActorFabric.Fabric.Topology;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.Runtime;

// OISM (RFC 9625): a device's tenants, SBD and routed flows, and the emulated external source behind a PEG.
public sealed partial class FabricRuntime
{
    private uint _externalStreams;

    /// <summary>OISM state of <paramref name="device"/> (<c>show evpn oism</c>); no tenants on a device without OISM.</summary>
    public Task<OismTable> OismAsync(string device) => Query<OismTable>(device, DeviceQueryKind.Oism, null);

    /// <summary>
    /// The external source behind PEG <paramref name="gateway"/> (the ip-vrf's <c>oism.external-source</c>, or
    /// <paramref name="source"/>) sends <paramref name="count"/> UDP datagrams of <paramref name="payloadSize"/> octets to
    /// <paramref name="group"/> with TTL <paramref name="ttl"/> as they reach the PEG: it routes them into the tenant
    /// down the SBD (RFC 9625 §2.3). At <paramref name="rate"/> per second of emulated time like a host's stream, or all
    /// at one instant when 0. <paramref name="vrf"/> null: the one ip-vrf the device is a PEG of with an external source.
    /// Answers when the last has left and a further second has passed for it to cross the fabric. Throws when the device
    /// is not a PEG of the VRF with an external source.
    /// </summary>
    public Task<OismExternalStreamResult> SendExternalMulticastAsync(string gateway, string? vrf, string group, int count = 10, int payloadSize = 64, byte ttl = 64,
        int rate = 0, string? source = null)
    {
        if (!Ipv4Address.TryParse(group, out var g) || !g.IsMulticast) throw new ArgumentException($"'{group}' is not an IPv4 multicast group");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 1_000_000);
        ArgumentOutOfRangeException.ThrowIfNegative(rate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rate, 1_000_000);
        ArgumentOutOfRangeException.ThrowIfLessThan(payloadSize, ActorFabric.Fabric.Hosts.MulticastStream.HeaderLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadSize, 1472);
        if (rate == 0) ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 100_000);
        var from = default(Ipv4Address);
        if (source is not null && (!Ipv4Address.TryParse(source, out from) || from.IsMulticast || from.Value == 0 || from == Ipv4Address.Broadcast))
            throw new ArgumentException($"source '{source}' is not an IPv4 unicast address");
        int device = DeviceIndex(gateway);
        var definition = ExternalSourceVrf(gateway, device, vrf);
        var oism = definition.Oism!;
        var interval = rate == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(TimeSpan.TicksPerSecond / rate);
        return Serialized(async () =>
        {
            // Stream ids of external sources start at 0xE0000000, apart from hosts' ids.
            uint streamId = 0xE000_0000u + ++_externalStreams;
            var message = new OismExternalStream(definition.Name, g.ToString(), count, payloadSize, ttl, streamId, interval, from.Value);
            var answer = await Ask<OismExternalSent>(_directory.Devices[device], message, (count - 1) * interval + TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            var finished = Now;
            await AdvanceCore(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            return new OismExternalStreamResult(gateway, definition.Name, g.ToString(), (from.Value != 0 ? from : new Ipv4Address(oism.ExternalSource)).ToString(),
                streamId, answer.Sent, rate, payloadSize, answer.StartedAt, finished);
        });
    }

    /// <summary>The ip-vrf <paramref name="vrf"/> (or the only one) that device <paramref name="gateway"/> is a PEG of, with an external source.</summary>
    private IpVrfDefinition ExternalSourceVrf(string gateway, int device, string? vrf)
    {
        if (vrf is not null)
        {
            var definition = Topology.IpVrfs.FirstOrDefault(v => v.Name == vrf) ?? throw new UnknownFabricObjectException("ip-vrf", vrf, [.. Topology.IpVrfs.Select(v => v.Name)]);
            return definition.Oism is { ExternalSource: not 0 } oism && oism.Gateways.Contains(device)
                ? definition
                : throw new ArgumentException($"'{gateway}' is not a PEG of ip-vrf '{vrf}' with an external source (oism.pegs, oism.external-source)");
        }
        var candidates = Topology.IpVrfs.Where(v => v.Oism is { ExternalSource: not 0 } o && o.Gateways.Contains(device)).ToList();
        return candidates.Count switch
        {
            1 => candidates[0],
            0 => throw new ArgumentException($"'{gateway}' is not a PEG of any ip-vrf with an external source (oism.pegs, oism.external-source)"),
            _ => throw new ArgumentException($"'{gateway}' is a PEG of several ip-vrfs ({string.Join(", ", candidates.Select(v => v.Name))}): name one"),
        };
    }

    /// <summary>The receivers behind the PEGs that joined <paramref name="group"/> or got its traffic, one per PEG (inside <see cref="Serialized"/>).</summary>
    private async Task<List<MulticastReceiver>> ExternalReceiversCore(string group)
    {
        var receivers = new List<MulticastReceiver>();
        if (!Ipv4Address.TryParse(group, out var g)) return receivers;
        var pegs = new SortedSet<int>();
        foreach (var v in Topology.IpVrfs)
            if (v.Oism is { } o) pegs.UnionWith(o.Gateways);
        foreach (int device in pegs)
        {
            var table = (OismTable)(await Ask<QueryAnswer>(_directory.Devices[device], new DeviceQuery(DeviceQueryKind.Oism, null)).ConfigureAwait(false)).Value;
            bool joined = table.Tenants.Any(t => t.ExternalGroups.Contains(g.ToString()));
            var streams = table.Tenants.SelectMany(t => t.ExternalReceived).Where(r => r.Group == g.ToString()).ToList();
            if (joined || streams.Count > 0) receivers.Add(new MulticastReceiver(ExternalReceiverName(Topology.Nodes[device].Name), joined, null, streams));
        }
        return receivers;
    }

    /// <summary>How <c>mcast receivers</c> names the emulated receivers behind a PEG.</summary>
    public static string ExternalReceiverName(string peg) => peg + ":external";
}

/// <summary>
/// What an external source behind a PEG sent: <see cref="Sent"/> datagrams of stream <see cref="StreamId"/>, at
/// <see cref="Rate"/> per second (0: at one instant) from <see cref="StartedAt"/> to <see cref="FinishedAt"/> (emulated).
/// </summary>
public sealed record OismExternalStreamResult(string Gateway, string Vrf, string Group, string Source, uint StreamId, int Sent, int Rate, int PayloadSize,
    TimeSpan StartedAt, TimeSpan FinishedAt);
