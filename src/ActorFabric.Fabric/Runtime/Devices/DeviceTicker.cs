using Akka.Actor;
using ActorFabric.Fabric.Runtime.Messages;

namespace ActorFabric.Fabric.Runtime.Devices;

/// <summary>
/// The one scheduled <see cref="DeviceTick"/> of a device or host: kept at or before the earliest deadline of its
/// machines. Never cancelled: a tick that turns out early (its deadline moved later) only re-arms, a deadline that
/// moved earlier gets a new tick. Not <c>IWithTimers</c>: a timer allocates a cancellation source per re-arm, and
/// devices re-arm after most messages; a tick after a stop goes to dead letters.
/// </summary>
internal struct DeviceTicker
{
    private TimeSpan? _armedFor;

    /// <summary>A tick arrived at <paramref name="now"/>: forget the armed one if this is it.</summary>
    public void Fired(TimeSpan now)
    {
        if (_armedFor is { } at && at <= now) _armedFor = null;
    }

    /// <summary>Schedules a tick to <paramref name="self"/> at <paramref name="next"/> unless one is due by then.</summary>
    public void Arm(TimeSpan? next, TimeSpan now, IScheduler scheduler, IActorRef self)
    {
        if (next is not { } at || (_armedFor is { } armed && armed <= at)) return;
        _armedFor = at;
        var delay = at - now;
        scheduler.ScheduleTellOnce(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, self, DeviceTick.Instance, self);
    }
}
