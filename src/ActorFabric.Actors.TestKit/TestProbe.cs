using System.Collections.Concurrent;
using ActorFabric.Actors.Messages;

namespace ActorFabric.Actors.TestKit;

/// <summary>
/// An actor the test holds: it records what it receives and lets the test assert on it.
/// Under virtual time every wait runs the virtual clock (no sleeping; a timeout is virtual
/// time); under real time it blocks with a deadline.
/// </summary>
public sealed class TestProbe
{
    private readonly ConcurrentQueue<(object Message, IActorRef Sender)> _queue = new();
    private readonly SemaphoreSlim _signal = new(0);
    private TimeSpan? _withinDeadline;

    public TestProbe(ActorSystem system, string? name = null)
    {
        System = system;
        Ref = system.ActorOf(Props.Create(() => new ProbeActor(this)), name ?? "probe-" + system.NextTempId().ToString(global::System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Default wait of Expect* calls (virtual or real time).</summary>
    public static TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(3);

    public ActorSystem System { get; }

    public IActorRef Ref { get; }

    /// <summary>Sender of the last message taken from the probe.</summary>
    public IActorRef? LastSender { get; private set; }

    /// <summary>Messages received and not yet taken.</summary>
    public int Count => _queue.Count;

    internal void Enqueue(object message, IActorRef sender)
    {
        _queue.Enqueue((message, sender));
        _signal.Release();
    }

    /// <summary>Sends <paramref name="message"/> to <paramref name="target"/> with this probe as the sender.</summary>
    public void Send(IActorRef target, object message) => target.Tell(message, Ref);

    /// <summary>Replies to the sender of the last message taken.</summary>
    public void Reply(object message) =>
        (LastSender ?? throw new TestKitAssertionException("No message has been received yet; nothing to reply to.")).Tell(message, Ref);

    /// <summary>Watches <paramref name="actor"/> so that <see cref="ExpectTerminated"/> can see it stop.</summary>
    public void Watch(IActorRef actor) => Ref.Tell(new ProbeActor.WatchRequest(actor));

    public T ExpectMsg<T>(TimeSpan? max = null) => ExpectMsg<T>(static _ => true, max, "any");

    public T ExpectMsg<T>(T expected, TimeSpan? max = null) where T : notnull =>
        ExpectMsg<T>(m => EqualityComparer<T>.Default.Equals(m, expected), max, expected.ToString());

    public T ExpectMsg<T>(Func<T, bool> predicate, TimeSpan? max = null, string? description = null)
    {
        var limit = Limit(max);
        if (!TryTake(limit, out var message))
            throw new TestKitAssertionException($"Timeout ({limit}) waiting for a {typeof(T).Name} ({description ?? "matching predicate"}) at {Ref.Path}.");
        if (message is not T typed)
            throw new TestKitAssertionException($"Expected a {typeof(T).Name} ({description ?? "matching predicate"}) but got {Describe(message)}.");
        if (!predicate(typed))
            throw new TestKitAssertionException($"Got {Describe(message)}, which does not match {description ?? "the predicate"}.");
        return typed;
    }

    /// <summary>Expects the <see cref="Terminated"/> of <paramref name="actor"/> (watch it first).</summary>
    public Terminated ExpectTerminated(IActorRef actor, TimeSpan? max = null) =>
        ExpectMsg<Terminated>(t => Equals(t.Actor, actor), max, $"Terminated({actor.Path})");

    /// <summary>Asserts nothing arrives for <paramref name="duration"/> (under virtual time: advances the clock by it).</summary>
    public void ExpectNoMsg(TimeSpan duration)
    {
        if (TryTake(duration, out var message))
            throw new TestKitAssertionException($"Expected no message for {duration} but got {Describe(message)}.");
    }

    /// <summary>Skips messages until one satisfies <paramref name="isTheOne"/>; returns it.</summary>
    public object FishForMessage(Func<object, bool> isTheOne, TimeSpan? max = null)
    {
        var start = System.Now;
        var limit = Limit(max);
        while (true)
        {
            var left = limit - (System.Now - start);
            if (left < TimeSpan.Zero || !TryTake(left, out var message))
                throw new TestKitAssertionException($"Timeout ({limit}) fishing for a message at {Ref.Path}.");
            if (isTheOne(message)) return message;
        }
    }

    public T FishForMessage<T>(Func<T, bool> isTheOne, TimeSpan? max = null) =>
        (T)FishForMessage(m => m is T t && isTheOne(t), max);

    /// <summary>Takes the next <paramref name="count"/> messages.</summary>
    public IReadOnlyList<object> ReceiveN(int count, TimeSpan? max = null)
    {
        var result = new List<object>(count);
        var start = System.Now;
        var limit = Limit(max);
        while (result.Count < count)
        {
            var left = limit - (System.Now - start);
            if (left < TimeSpan.Zero || !TryTake(left, out var message))
                throw new TestKitAssertionException($"Timeout ({limit}) after {result.Count} of {count} messages at {Ref.Path}.");
            result.Add(message);
        }
        return result;
    }

    /// <summary>
    /// Runs <paramref name="body"/> and asserts it took between <paramref name="min"/> and <paramref name="max"/>
    /// of the system's time; expectations inside wait at most until the block's deadline.
    /// </summary>
    public T Within<T>(TimeSpan min, TimeSpan max, Func<T> body)
    {
        var start = System.Now;
        var outer = _withinDeadline;
        _withinDeadline = start + max;
        T result;
        try
        {
            result = body();
        }
        finally
        {
            _withinDeadline = outer;
        }
        var took = System.Now - start;
        if (took < min) throw new TestKitAssertionException($"Block finished after {took}, before the minimum {min}.");
        if (took > max) throw new TestKitAssertionException($"Block took {took}, more than the maximum {max}.");
        return result;
    }

    public T Within<T>(TimeSpan max, Func<T> body) => Within(TimeSpan.Zero, max, body);

    public void Within(TimeSpan max, Action body) => Within(TimeSpan.Zero, max, () =>
    {
        body();
        return 0;
    });

    public void Within(TimeSpan min, TimeSpan max, Action body) => Within(min, max, () =>
    {
        body();
        return 0;
    });

    private TimeSpan Limit(TimeSpan? max)
    {
        var limit = max ?? DefaultTimeout;
        if (_withinDeadline is { } deadline)
        {
            var left = deadline - System.Now;
            if (left < limit) limit = left < TimeSpan.Zero ? TimeSpan.Zero : left;
        }
        return limit;
    }

    private bool TryTake(TimeSpan limit, out object message)
    {
        if (System.Virtual is { } clock)
        {
            if (!_queue.IsEmpty || clock.RunUntil(() => !_queue.IsEmpty, limit))
                return Dequeue(out message);
            message = null!;
            return false;
        }
        if (_signal.Wait(limit)) return Dequeue(out message);
        message = null!;
        return false;
    }

    private bool Dequeue(out object message)
    {
        if (System.Virtual is not null) _signal.Wait(0);
        if (!_queue.TryDequeue(out var item)) throw new InvalidOperationException("probe queue out of sync");
        LastSender = item.Sender;
        message = item.Message;
        return true;
    }

    private static string Describe(object message) => $"{message.GetType().Name} {message}";
}
