using ActorFabric.Fabric.Hosts;
using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Control;

/// <summary>The real <see cref="IMulticastControl"/>: forwards to a <see cref="FabricRuntime"/>.</summary>
public sealed class RuntimeMulticastControl(FabricRuntime runtime) : IMulticastControl
{
    /// <summary>The multicast operations of <paramref name="fabric"/>: its own, those of the runtime it wraps, or null.</summary>
    public static IMulticastControl? Of(IFabricControl fabric) =>
        fabric as IMulticastControl ?? (fabric is RuntimeFabricControl r ? new RuntimeMulticastControl(r.Runtime) : null);

    public Task<MulticastMembershipChange> JoinGroupAsync(string host, string group, int? version, IReadOnlyList<string>? sources) =>
        runtime.JoinGroupAsync(host, group, version, sources);

    public Task<MulticastMembershipChange> LeaveGroupAsync(string host, string group) => runtime.LeaveGroupAsync(host, group);

    public Task<MulticastStreamResult> StartMulticastStreamAsync(string host, string group, int rate, int payloadSize, int count, ushort destinationPort, byte ttl) =>
        runtime.StartMulticastStreamAsync(host, group, rate, payloadSize, count, destinationPort, ttl: ttl);

    public Task<MulticastGroupReceivers> MulticastReceiversAsync(string group) => runtime.MulticastReceiversAsync(group);

    public Task<OismExternalStreamResult> SendExternalMulticastAsync(string gateway, string? vrf, string group, int rate, int payloadSize, int count, byte ttl, string? source) =>
        runtime.SendExternalMulticastAsync(gateway, vrf, group, count, payloadSize, ttl, rate, source);
}
