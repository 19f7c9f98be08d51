namespace ActorFabric.Fabric.Hosts;

/// <summary>The answer of <c>FabricRuntime.MulticastReceiversAsync</c>: every host that is a member of <see cref="Group"/> or received its traffic, by name.</summary>
public sealed record MulticastGroupReceivers(string Group, TimeSpan At, IReadOnlyList<MulticastReceiver> Receivers)
{
    public MulticastReceiver? this[string host] => Receivers.FirstOrDefault(r => r.Host == host);

    public long Duplicates => Receivers.Sum(static r => r.Duplicates);
}
