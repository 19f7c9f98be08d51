using System.Net.Sockets;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Remote;

namespace ActorFabric.Cluster.Node;

/// <summary>
/// Downs a member at once when its process is gone, instead of waiting for the failure detector's acceptable pause and
/// the split-brain resolver's stable-after. The sign is conclusive: the member's Akka.Remote association dropped (or
/// the failure detector marked it unreachable) and its remoting port now refuses connections — the member's kernel
/// answers a SYN for a port nobody listens on with a RST, as after a <c>kill -9</c> or a crash. A node that is only
/// busy (long GC pauses, starved of CPU) still listens, and a machine that is off or cut off does not answer at all;
/// both are left to the failure detector and the resolver. Members that are leaving are never downed here: their
/// shards are being handed over. Runs on every member; downing twice is harmless. The member is quarantined as well
/// (Akka.Cluster then marks it terminated), since the leader removes a downed member only once it is unreachable.
/// </summary>
internal sealed class DeadProcessDowning : UntypedActor
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<Address> _probing = [];

    public static Props Props() => Akka.Actor.Props.Create(() => new DeadProcessDowning()).WithDispatcher(ClusterDispatcher);

    /// <summary>The dispatcher of the cluster's own actors (config/cluster.conf), so that a busy fabric does not delay the decision.</summary>
    public const string ClusterDispatcher = "actorfabric.cluster-dispatcher";

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(DisassociatedEvent));
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.UnreachableMember));
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        _cluster.Unsubscribe(Self);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case DisassociatedEvent d:
                Probe(d.RemoteAddress);
                break;
            case ClusterEvent.UnreachableMember u:
                Probe(u.Member.Address);
                break;
            case Probed p:
                _probing.Remove(p.Member.Address);
                // The same incarnation only: a node restarted on the same port since the probe began is a new member.
                if (p.Answer == PortAnswer.Refused && Active(p.Member.Address) is { } member && member.UniqueAddress == p.Member)
                {
                    _log.Warning("member {0} ({1}) refuses connections on its remoting port: its process is gone; downing it now", member.Address, string.Join(",", member.Roles));
                    // Quarantine first: the cluster marks a quarantined member Terminated, and the leader removes a
                    // Down member only once it is unreachable or terminated (else it would wait for the failure
                    // detector after all). Its incarnation is dead, so nothing is lost; a restarted node has a new uid.
                    ((IRemoteActorRefProvider)((ExtendedActorSystem)Context.System).Provider).Quarantine(member.Address, member.UniqueAddress.Uid);
                    _cluster.Down(member.Address);
                }
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Probe(Address address)
    {
        if (address.Host is not { } host || address.Port is not { } port || Active(address) is not { } member || !_probing.Add(address)) return;
        // A probe that fails in a way ProbeAsync does not expect proves nothing, and must not keep the address busy.
        ProbeAsync(host, port, ProbeTimeout).PipeTo(Self, success: answer => new Probed(member.UniqueAddress, answer),
            failure: _ => new Probed(member.UniqueAddress, PortAnswer.NoAnswer));
    }

    /// <summary>The member at <paramref name="address"/> if it is joining or up (not leaving, exiting, down or gone), and not this node.</summary>
    private Member? Active(Address address)
    {
        if (address == _cluster.SelfAddress) return null;
        foreach (var m in _cluster.State.Members)
            if (m.Address == address)
                return m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Joining ? m : null;
        return null;
    }

    /// <summary>
    /// Opens and closes a TCP connection to <paramref name="host"/>:<paramref name="port"/>. Only a refusal (RST) is an
    /// answer that the process is gone; a timeout or an unreachable network says nothing about it.
    /// </summary>
    public static async Task<PortAnswer> ProbeAsync(string host, int port, TimeSpan timeout)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await socket.ConnectAsync(host, port, cts.Token).ConfigureAwait(false);
            return PortAnswer.Listening;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return PortAnswer.Refused;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return PortAnswer.NoAnswer;
        }
    }

    private sealed record Probed(UniqueAddress Member, PortAnswer Answer);
}

/// <summary>What a TCP connection attempt to a member's remoting port found.</summary>
internal enum PortAnswer
{
    Listening,
    Refused,
    NoAnswer,
}
