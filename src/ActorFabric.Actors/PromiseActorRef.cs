using ActorFabric.Actors.Messages;
using ActorFabric.Actors.Scheduling;

namespace ActorFabric.Actors;

/// <summary>The temporary reply address of one Ask: the first reply completes the task, a timeout fails it.</summary>
internal sealed class PromiseActorRef<T> : IInternalActorRef
{
    private readonly ActorSystem _system;
    private readonly IActorRef _target;
    private readonly Type _messageType;
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ICancelable? _timeout;

    public PromiseActorRef(ActorSystem system, IActorRef target, Type messageType)
    {
        _system = system;
        _target = target;
        _messageType = messageType;
        Path = ActorPath.Root.Child("temp").Child("ask-" + system.NextTempId().ToString(global::System.Globalization.CultureInfo.InvariantCulture));
    }

    public ActorPath Path { get; }

    public ActorSystem System => _system;

    public bool IsTerminated => _completion.Task.IsCompleted;

    public Task<T> Task => _completion.Task;

    public void StartTimeout(TimeSpan timeout)
    {
        _timeout = _system.Scheduler.ScheduleOnce(timeout, () =>
            _completion.TrySetException(new TimeoutException(
                $"Ask to {_target.Path} with message {_messageType.FullName} timed out after {timeout}.")));
    }

    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_completion.Task.IsCompleted)
        {
            _system.PublishDeadLetter(message, sender, this);
            return;
        }
        if (_system.SerializeMessages) message = _system.Serialization.RoundTrip(message, this);
        var completed = message switch
        {
            Status.Failure failure => _completion.TrySetException(failure.Cause),
            T reply => _completion.TrySetResult(reply),
            _ => _completion.TrySetException(new InvalidCastException(
                $"Ask to {_target.Path} expected a reply of type {typeof(T).FullName} but got {message.GetType().FullName}.")),
        };
        if (completed) _timeout?.Cancel();
    }

    public void Fail(Exception cause)
    {
        _timeout?.Cancel();
        _completion.TrySetException(cause);
    }

    public void SendSystemMessage(SystemMessage message)
    {
        if (message is Watch watch && _completion.Task.IsCompleted) watch.Watcher.Tell(new Terminated(this));
    }

    public override string ToString() => Path.ToString();
}
