using ActorFabric.Fabric.Hosts;
using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Control;

/// <summary>The real <see cref="IMulticastControl"/>: forwards to a <see cref="FabricRuntime"/>.</summary>
public sealed class RuntimeMulticastControl(FabricRuntime runtime) : IMulticastControl
{
    public Task<MulticastMembershipChange> JoinGroupAsync(string host, string group, int? version, IReadOnlyList<string>? sources) =>
        runtime.JoinGroupAsync(host, group, version, sources);

    public Task<MulticastMembershipChange> LeaveGroupAsync(string host, string group) => runtime.LeaveGroupAsync(host, group);

    public Task<MulticastStreamResult> StartMulticastStreamAsync(string host, string group, int rate, int payloadSize, int count, ushort destinationPort, byte ttl) =>
        runtime.StartMulticastStreamAsync(host, group, rate, payloadSize, count, destinationPort, ttl: ttl);

    public Task<MulticastGroupReceivers> MulticastReceiversAsync(string group) => runtime.MulticastReceiversAsync(group);
}
