using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace ActorFabric.Simulation;

/// <summary>
/// Unbounded mailbox that reports every message it hands to its actor to the system's <see cref="DeliveryTrace"/>
/// (message count, optional digest) and exposes its depth. Configure with
/// <c>mailbox-type = "ActorFabric.Simulation.TracedMailbox, ActorFabric.Simulation"</c>. Under the virtual clock every
/// enqueue and dequeue happens on the driver's thread, or between driver runs (the facade), so the queue is a plain
/// ring without locks or atomics; in real time it is a <see cref="ConcurrentQueue{T}"/>. The ring also starts small:
/// a ConcurrentQueue's first segment is ~800 bytes, and a big fabric has ~100,000 mostly idle host actors.
/// </summary>
public sealed class TracedMailbox : MailboxType, IProducesMessageQueue<TracedMailbox.Queue>
{
    public TracedMailbox(Settings settings, Config config) : base(settings, config)
    {
    }

    public override IMessageQueue Create(IActorRef owner, ActorSystem system)
    {
        var trace = DeliveryTrace.Get(system);
        ulong path = owner is null ? 0 : DeliveryTrace.HashPath(owner.Path);
        return system.Scheduler is VirtualTimeScheduler ? new SingleThreadQueue(trace, path) : new SharedQueue(trace, path);
    }

    /// <summary>The queue of one actor: counts (and digests) what it hands over.</summary>
    public abstract class Queue(DeliveryTrace trace, ulong owner) : IMessageQueue, IUnboundedMessageQueueSemantics
    {
        public abstract bool HasMessages { get; }

        public abstract int Count { get; }

        public abstract void Enqueue(IActorRef receiver, Envelope envelope);

        public bool TryDequeue(out Envelope envelope)
        {
            if (!TryTake(out envelope)) return false;
            trace.Record(owner, envelope.Message);
            return true;
        }

        protected abstract bool TryTake(out Envelope envelope);

        public void CleanUp(IActorRef owner, IMessageQueue deadletters)
        {
            while (TryTake(out var envelope)) deadletters.Enqueue(owner, envelope);
        }
    }

    /// <summary>Real time: any thread may enqueue.</summary>
    private sealed class SharedQueue(DeliveryTrace trace, ulong owner) : Queue(trace, owner)
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<Envelope> _queue = new();

        public override bool HasMessages => !_queue.IsEmpty;

        public override int Count => _queue.Count;

        public override void Enqueue(IActorRef receiver, Envelope envelope) => _queue.Enqueue(envelope);

        protected override bool TryTake(out Envelope envelope) => _queue.TryDequeue(out envelope);
    }

    /// <summary>The queue of one actor under the virtual clock: a growable ring, one thread at a time.</summary>
    private sealed class SingleThreadQueue(DeliveryTrace trace, ulong owner) : Queue(trace, owner)
    {
        private Envelope[] _ring = new Envelope[4];
        private int _head;
        private int _count;

        public override bool HasMessages => _count > 0;

        public override int Count => _count;

        public override void Enqueue(IActorRef receiver, Envelope envelope)
        {
            if (_count == _ring.Length) Resize(_ring.Length * 2);
            _ring[(_head + _count) & (_ring.Length - 1)] = envelope;
            _count++;
        }

        protected override bool TryTake(out Envelope envelope)
        {
            if (_count == 0)
            {
                envelope = default;
                return false;
            }
            envelope = _ring[_head];
            _ring[_head] = default;
            _head = (_head + 1) & (_ring.Length - 1);
            _count--;
            // Give back the room a burst grew, half at a time once a quarter full (no churn of large arrays when a busy
            // actor's mailbox empties and fills again).
            if (_ring.Length > 64 && _count < _ring.Length / 4) Resize(_ring.Length / 2);
            return true;
        }

        private void Resize(int size)
        {
            var ring = new Envelope[size];
            for (int i = 0; i < _count; i++) ring[i] = _ring[(_head + i) & (_ring.Length - 1)];
            _ring = ring;
            _head = 0;
        }
    }
}
