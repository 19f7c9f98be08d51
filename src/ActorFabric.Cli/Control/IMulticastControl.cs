using ActorFabric.Fabric.Hosts;
using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Control;

/// <summary>The multicast operations of a running fabric the control API offers (a separate slice so recorded fabrics need not implement them).</summary>
public interface IMulticastControl
{
    Task<MulticastMembershipChange> JoinGroupAsync(string host, string group, int? version, IReadOnlyList<string>? sources);

    Task<MulticastMembershipChange> LeaveGroupAsync(string host, string group);

    Task<MulticastStreamResult> StartMulticastStreamAsync(string host, string group, int rate, int payloadSize, int count, ushort destinationPort, byte ttl);

    Task<MulticastGroupReceivers> MulticastReceiversAsync(string group);

    /// <summary>The emulated external source behind an OISM PEG sends a stream into the tenant (RFC 9625 §2.3).</summary>
    Task<OismExternalStreamResult> SendExternalMulticastAsync(string gateway, string? vrf, string group, int rate, int payloadSize, int count, byte ttl, string? source);
}
