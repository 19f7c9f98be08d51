namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// The kind of a chaos action as metrics and the timeline label it: the action's verb, a bounded set (every kind is
/// exposed from the start, so a dashboard panel of an unused kind shows 0, not "no data").
/// </summary>
public static class ChaosKind
{
    public const string LinkDown = "link-down";
    public const string LinkUp = "link-up";
    public const string LinkSet = "link-set";
    public const string DeviceStop = "device-stop";
    public const string DeviceStart = "device-start";
    public const string VmMove = "vm-move";
    public const string Partition = "partition";
    public const string Heal = "heal";
    public const string NodeKill = "node-kill";

    /// <summary>Every kind, in the grammar's order.</summary>
    public static readonly IReadOnlyList<string> All = [LinkDown, LinkUp, LinkSet, DeviceStop, DeviceStart, VmMove, Partition, Heal, NodeKill];

    public static string Of(ChaosAction action) => action switch
    {
        LinkDownAction => LinkDown,
        LinkUpAction => LinkUp,
        LinkSetAction => LinkSet,
        DeviceStopAction => DeviceStop,
        DeviceStartAction => DeviceStart,
        VmMoveAction => VmMove,
        PartitionAction => Partition,
        HealAction => Heal,
        NodeKillAction => NodeKill,
        _ => throw new ArgumentException($"unsupported chaos action {action}", nameof(action)),
    };
}
