using Akka.Actor;
using Akka.Event;
using ActorFabric.Cluster.Entities;
using ActorFabric.Cluster.Node;
using ActorFabric.Fabric.Runtime.Devices;
using ActorFabric.Fabric.Runtime.Messages;

namespace ActorFabric.Cluster.Persistence;

/// <summary>
/// A sharded entity with a store: recovers the entity's <see cref="DeviceMemory"/> from its journal first, then starts
/// the device, link or host from its configuration with that memory laid over it (chaos state of a link, where a host
/// is after VM moves), and passes every message on to it. Commands that change what must survive a move are recorded
/// as they pass: link state and parameters, host re-attachment; a switch reports its MAC-mobility sequence numbers
/// and duplicate-MAC state itself (<see cref="MacMobilityFact"/>), and gets them back when it starts elsewhere. A journal written for another topology is ignored
/// (logged, naming the device and both digests) and the entity starts from its configuration. Until the memory is
/// back, messages wait in the stash.
/// </summary>
internal sealed class PersistentEntity : UntypedActor, IWithUnboundedStash
{
    private readonly string _entityId;
    private readonly NodeFabric _fabric;
    private IActorRef _keeper = ActorRefs.Nobody;
    private IActorRef? _entity;
    private LinkStateRecorded? _link;
    private bool _journalFailed;
    private bool _reattaching;
    private long _seq;
    private readonly HashSet<(uint Vni, ulong Mac)> _duplicates = [];

    public PersistentEntity(string entityId, NodeFabric fabric)
    {
        _entityId = entityId;
        _fabric = fabric;
    }

    public IStash Stash { get; set; } = null!;

    protected override void PreStart() => _keeper = Context.ActorOf(DeviceJournalKeeper.Props(_entityId), "journal");

    protected override void OnReceive(object message)
    {
        if (_entity is null)
        {
            switch (message)
            {
                case JournalRecovered r:
                    Start(r.Memory);
                    break;
                case JournalFailed f:
                    _journalFailed = true;
                    Context.GetLogger().Error("{0}: starting from its configuration, without its journal: {1}", _entityId, f.Reason);
                    Start(DeviceMemory.Empty);
                    break;
                default:
                    Stash.Stash();
                    break;
            }
            return;
        }
        switch (message)
        {
            case Recorded:
                break;
            case Ack when _reattaching:
                _reattaching = false;
                _entity.Tell(HostAnnounce.Instance, Self);
                break;
            case MacMobilityFact f when Sender.Equals(_entity):
                Keep(new MacMobilityRecorded(f.Vni, f.Mac, f.Sequence));
                if (f.Duplicate != _duplicates.Contains((f.Vni, f.Mac)))
                {
                    if (f.Duplicate) _duplicates.Add((f.Vni, f.Mac)); else _duplicates.Remove((f.Vni, f.Mac));
                    Keep(new DuplicateMacRecorded(f.Vni, f.Mac, f.Duplicate));
                }
                break;
            case JournalFailed f:
                if (!_journalFailed) Context.GetLogger().Error("{0}: journal failed, changes are no longer kept: {1}", _entityId, f.Reason);
                _journalFailed = true;
                break;
            default:
                _entity.Forward(message);
                Remember(message);
                break;
        }
    }

    private void Start(DeviceMemory memory)
    {
        var digest = _fabric.ConfigDigest;
        if (memory.ConfigDigest is { } old && old != digest)
        {
            Context.GetLogger().Warning("{0}: its journal was written for another topology (digest {1}, now {2}); starting from the configuration", _entityId, old, digest);
            memory = DeviceMemory.Empty;
        }
        if (memory.Configuration is null) Keep(new DeviceConfigured(_entityId, digest));
        _link = memory.Link ?? _fabric.LinkStateOf(_entityId);
        foreach (var d in memory.DuplicateMacs) _duplicates.Add(d);
        _entity = Context.ActorOf(_fabric.PropsFor(_entityId, memory), "entity");
        if (memory.Host is { } at && _fabric.HostMove(_entityId, at) is { } move)
        {
            // A host that a VM move had put elsewhere: its configured leaf lets go of the port, the leaf it moved to
            // takes it (again: harmless when that leaf kept it).
            move.From.Tell(new DetachAccessLink(move.FromPort), ActorRefs.NoSender);
            move.To.Tell(new AttachAccessPort(move.ToPort, move.Vlan, FabricEntities.Get(Context.System).Ref(_entityId)), Self);
            // The host's first gratuitous ARP may reach the leaf before the port does; it announces again once the
            // leaf has acknowledged the port.
            _reattaching = true;
        }
        Stash.UnstashAll();
    }

    private void Remember(object message)
    {
        switch (message)
        {
            case LinkSetState s when _link is { } l && l.Up != s.Up:
                Keep(_link = new LinkStateRecorded(s.Up, l.Latency, l.Loss));
                break;
            case LinkSetParameters p when _link is { } l:
                Keep(_link = new LinkStateRecorded(l.Up, p.Latency ?? l.Latency, p.Loss ?? l.Loss));
                break;
            case LinkReattach r when r.Device is EntityRef device && _fabric.DeviceName(device.EntityId) is { } leaf:
                Keep(new HostLocated(leaf, r.Port));
                break;
        }
    }

    private void Keep(DeviceRecord record)
    {
        if (!_journalFailed) _keeper.Tell(new Record(++_seq, record));
    }
}
