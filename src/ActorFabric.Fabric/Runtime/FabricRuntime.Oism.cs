using ActorFabric.Fabric.Runtime.Messages;
using ActorFabric.Wire.Packets;

namespace ActorFabric.Fabric.Runtime;

// OISM (RFC 9625): a device's tenants, SBD and routed flows, and the emulated external source behind a PEG.
public sealed partial class FabricRuntime
{
    private uint _externalStreams;

    /// <summary>OISM state of <paramref name="device"/> (<c>show evpn oism</c>); no tenants on a device without OISM.</summary>
    public Task<OismTable> OismAsync(string device) => Query<OismTable>(device, DeviceQueryKind.Oism, null);

    /// <summary>
    /// The external source behind PEG <paramref name="gateway"/> (the ip-vrf's <c>oism.external-source</c>) sends
    /// <paramref name="count"/> UDP datagrams to <paramref name="group"/> with TTL <paramref name="ttl"/> as they reach
    /// the PEG: it routes them into the tenant down the SBD (RFC 9625 §2.3). Answers after a further second of emulated
    /// time, when they have crossed the fabric. Throws when the device is not a PEG of the VRF with an external source.
    /// </summary>
    public Task<OismExternalStreamResult> SendExternalMulticastAsync(string gateway, string vrf, string group, int count = 10, int payloadSize = 64, byte ttl = 64)
    {
        if (!Ipv4Address.TryParse(group, out var g) || !g.IsMulticast) throw new ArgumentException($"'{group}' is not an IPv4 multicast group");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 100_000);
        ArgumentOutOfRangeException.ThrowIfLessThan(payloadSize, ActorFabric.Fabric.Hosts.MulticastStream.HeaderLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadSize, 1472);
        var definition = Topology.IpVrfs.FirstOrDefault(v => v.Name == vrf) ?? throw new UnknownFabricObjectException("ip-vrf", vrf, [.. Topology.IpVrfs.Select(v => v.Name)]);
        int device = DeviceIndex(gateway);
        if (definition.Oism is not { ExternalSource: not 0 } oism || !oism.Gateways.Contains(device))
            throw new ArgumentException($"'{gateway}' is not a PEG of ip-vrf '{vrf}' with an external source (oism.pegs, oism.external-source)");
        return Serialized(async () =>
        {
            // Stream ids of external sources start at 0xE0000000, apart from hosts' ids.
            uint streamId = 0xE000_0000u + ++_externalStreams;
            var answer = await Ask<OismExternalSent>(_directory.Devices[device], new OismExternalStream(vrf, g.ToString(), count, payloadSize, ttl, streamId)).ConfigureAwait(false);
            await AdvanceCore(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            return new OismExternalStreamResult(gateway, vrf, g.ToString(), new Ipv4Address(oism.ExternalSource).ToString(), streamId, answer.Sent);
        });
    }
}

/// <summary>What an external source behind a PEG sent: <see cref="Sent"/> datagrams of stream <see cref="StreamId"/>.</summary>
public sealed record OismExternalStreamResult(string Gateway, string Vrf, string Group, string Source, uint StreamId, int Sent);
