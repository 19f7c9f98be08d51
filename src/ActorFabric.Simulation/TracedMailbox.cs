using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace ActorFabric.Simulation;

/// <summary>
/// Unbounded mailbox that reports every message it hands to its actor to the system's <see cref="DeliveryTrace"/>
/// (message count, optional digest) and exposes its depth. Configure with
/// <c>mailbox-type = "ActorFabric.Simulation.TracedMailbox, ActorFabric.Simulation"</c>.
/// </summary>
public sealed class TracedMailbox : MailboxType, IProducesMessageQueue<TracedMailbox.Queue>
{
    public TracedMailbox(Settings settings, Config config) : base(settings, config)
    {
    }

    public override IMessageQueue Create(IActorRef owner, ActorSystem system)
        => new Queue(DeliveryTrace.Get(system), owner is null ? 0 : DeliveryTrace.HashPath(owner.Path));

    /// <summary>The queue of one actor.</summary>
    public sealed class Queue(DeliveryTrace trace, ulong owner) : IMessageQueue, IUnboundedMessageQueueSemantics
    {
        private readonly ConcurrentQueue<Envelope> _queue = new();

        public bool HasMessages => !_queue.IsEmpty;

        public int Count => _queue.Count;

        public void Enqueue(IActorRef receiver, Envelope envelope) => _queue.Enqueue(envelope);

        public bool TryDequeue(out Envelope envelope)
        {
            if (!_queue.TryDequeue(out envelope)) return false;
            trace.Record(owner, envelope.Message);
            return true;
        }

        public void CleanUp(IActorRef owner, IMessageQueue deadletters)
        {
            while (_queue.TryDequeue(out var envelope)) deadletters.Enqueue(owner, envelope);
        }
    }
}
