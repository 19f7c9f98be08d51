using ActorFabric.Actors.Dispatch;
using ActorFabric.Actors.Messages;
using ActorFabric.Actors.Scheduling;
using ActorFabric.Actors.Serialization;
using Serilog;

namespace ActorFabric.Actors;

/// <summary>
/// A tree of actors under <c>/user</c>, one scheduler and one clock (real or virtual).
/// </summary>
public sealed class ActorSystem : IAsyncDisposable
{
    private readonly ActorCell _guardian;
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _deadLetters;
    private long _tempIds;
    private int _terminateRequested;

    private ActorSystem(string name, ActorSystemOptions options)
    {
        Name = name;
        Options = options;
        Log = options.Logger ?? Serilog.Core.Logger.None;
        Throughput = Math.Max(1, options.Throughput);
        SerializeMessages = options.SerializeMessages;
        Counters = new FlightCounters();
        Serialization = new MessageSerialization();
        Virtual = options.Clock == ClockMode.Virtual ? new VirtualClock(this) : null;
        // Under virtual time one thread uses it, in a replayable order; under real time it must be thread-safe.
        Random = Virtual is not null ? new Random(options.Seed) : new LockedRandom(options.Seed);
        SchedulerImpl = new KernelScheduler(this, Virtual);
        DeadLetterRef = new DeadLetterActorRef(this);
        _guardian = new ActorCell(this, null, ActorPath.Root.Child("user"), Props.Create(static () => new GuardianActor()));
        _guardian.PrepareAsGuardian();
        _guardian.Start();
    }

    public static ActorSystem Create(string name, ActorSystemOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new ActorSystem(name, options ?? new ActorSystemOptions());
    }

    public string Name { get; }

    public ActorSystemOptions Options { get; }

    public ILogger Log { get; }

    /// <summary>Delayed and periodic sends on this system's clock.</summary>
    public IScheduler Scheduler => SchedulerImpl;

    /// <summary>Control of the discrete-event clock; null under real time.</summary>
    public VirtualClock? Virtual { get; }

    /// <summary>Time since the system started, from the active clock.</summary>
    public TimeSpan Now => Virtual?.Now ?? SchedulerImpl.Now;

    /// <summary>Seeded from <see cref="ActorSystemOptions.Seed"/>; replayable under virtual time.</summary>
    public Random Random { get; }

    public MessageSerialization Serialization { get; }

    /// <summary>Optional hook called on every user-message delivery (see <see cref="MessageTracer"/>).</summary>
    public MessageTracer? Tracer { get; set; }

    /// <summary>Number of dead letters so far (messages to stopped actors or to no one).</summary>
    public long DeadLetters => Volatile.Read(ref _deadLetters);

    /// <summary>Raised for every dead letter, on the sending or draining thread.</summary>
    public event Action<DeadLetter>? DeadLetterPublished;

    /// <summary>The ref that stands for "no one": what <see cref="IActorContext.Sender"/> is when there was no sender.</summary>
    public IActorRef DeadLetterRef { get; }

    /// <summary>
    /// Messages enqueued and not yet handled, plus pending one-shot <see cref="IScheduler.ScheduleTellOnce"/>
    /// tells and pending delayed restarts. Actor timers, stashed messages and Ask timeouts are not counted.
    /// Never below the true figure; zero means nothing is queued and no actor is mid-turn, which is
    /// what convergence detection needs.
    /// </summary>
    public long MessagesInFlight => Counters.InFlight;

    /// <summary>User messages handled by actors so far (updated at the end of each turn).</summary>
    public long MessagesProcessed => Counters.Processed;

    /// <summary>Completes when the system has terminated.</summary>
    public Task WhenTerminated => _terminated.Task;

    internal FlightCounters Counters { get; }

    internal KernelScheduler SchedulerImpl { get; }

    internal int Throughput { get; }

    internal bool SerializeMessages { get; }

    /// <summary>Creates a top-level actor under /user.</summary>
    public IActorRef ActorOf(Props props, string? name = null)
    {
        if (Volatile.Read(ref _terminateRequested) != 0)
            throw new InvalidOperationException($"Actor system '{Name}' is terminating.");
        return _guardian.CreateChild(props, name);
    }

    /// <summary>Stops <paramref name="actor"/> (asynchronously): children first, then PostStop, then watchers are told.</summary>
    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor is IInternalActorRef internalRef) internalRef.SendSystemMessage(Messages.Terminate.Instance);
    }

    /// <summary>Finds a live local actor by path, e.g. "/user/fabric/leaf1".</summary>
    public IActorRef? Resolve(string path)
    {
        var parsed = ActorPath.Parse(path);
        if (parsed.Equals(DeadLetterRef.Path)) return DeadLetterRef;
        var names = new Stack<string>();
        for (var p = parsed; p.Parent is not null; p = p.Parent) names.Push(p.Name);
        if (names.Count == 0 || names.Pop() != "user") return null;
        IActorContext? current = _guardian;
        IActorRef found = _guardian;
        while (names.Count > 0)
        {
            var child = current?.Child(names.Pop());
            if (child is null) return null;
            found = child;
            current = child as IActorContext;
        }
        return found;
    }

    /// <summary>
    /// Stops every actor and the scheduler. Under virtual time this runs the clock until the
    /// guardian is gone, so the returned task is already complete.
    /// </summary>
    public Task Terminate()
    {
        if (Interlocked.Exchange(ref _terminateRequested, 1) == 0) _guardian.SendSystemMessage(Messages.Terminate.Instance);
        if (Virtual is not null && !Virtual.IsLoopThread && !_terminated.Task.IsCompleted)
            Virtual.RunUntil(() => _terminated.Task.IsCompleted, TimeSpan.MaxValue);
        return _terminated.Task;
    }

    public async ValueTask DisposeAsync() => await Terminate().ConfigureAwait(false);

    internal void OnGuardianTerminated()
    {
        SchedulerImpl.Close();
        _terminated.TrySetResult();
    }

    internal void Dispatch(ActorCell cell, bool preferLocal)
    {
        if (Virtual is not null) Virtual.Enqueue(cell);
        else ThreadPool.UnsafeQueueUserWorkItem(cell, preferLocal);
    }

    internal object VerifyMessage(object message, IActorRef target) =>
        SerializeMessages ? Serialization.RoundTrip(message, target) : message;

    internal long NextTempId() => Interlocked.Increment(ref _tempIds);

    internal void PublishDeadLetter(object message, IActorRef? sender, IActorRef recipient)
    {
        Interlocked.Increment(ref _deadLetters);
        Log.Debug("Dead letter {MessageType} from {Sender} to {Recipient}",
            message.GetType().Name, sender?.Path.ToString() ?? "(no sender)", recipient.Path.ToString());
        DeadLetterPublished?.Invoke(new DeadLetter(message, sender, recipient));
    }

    public override string ToString() => $"ActorSystem({Name})";
}
