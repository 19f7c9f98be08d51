using System.Text;
using Akka.Actor;

namespace ActorFabric.Simulation;

/// <summary>
/// Counts the deliveries to actors with the <see cref="TracedMailbox"/> and, when on, folds each one (virtual time,
/// receiver path, message type, <see cref="IDigestible"/> content) into one FNV-1a 64 digest. The same seed gives
/// the same digest in every process: nothing here uses <c>string.GetHashCode</c>. One per actor system.
/// </summary>
public sealed class DeliveryTrace : IExtension
{
    private const ulong Offset = 0xcbf29ce484222325;
    private const ulong Prime = 0x100000001b3;

    private readonly EmulatedClock _clock;
    private readonly Dictionary<Type, ulong> _typeHashes = [];
    private readonly object _gate = new();
    private ulong _hash = Offset;
    private long _digested;
    private long _delivered;

    public DeliveryTrace(ExtendedActorSystem system) => _clock = EmulatedClock.Get(system);

    public static DeliveryTrace Get(ActorSystem system) => system.WithExtension<DeliveryTrace, DeliveryTraceId>();

    /// <summary>Fold deliveries into <see cref="Digest"/> (costs a little per message; off by default).</summary>
    public bool DigestOn { get; set; }

    /// <summary>Messages taken from traced mailboxes so far.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Deliveries folded into <see cref="Digest"/>.</summary>
    public long Digested
    {
        get { lock (_gate) return _digested; }
    }

    /// <summary>The digest so far, 16 hex digits.</summary>
    public string Digest
    {
        get { lock (_gate) return _hash.ToString("x16"); }
    }

    /// <summary>A stable hash of an actor path, computed once per mailbox.</summary>
    public static ulong HashPath(ActorPath path) => Hash(Offset, path.ToStringWithoutAddress());

    internal void Record(ulong receiver, object message)
    {
        Interlocked.Increment(ref _delivered);
        if (!DigestOn) return;
        lock (_gate)
        {
            var type = message.GetType();
            if (!_typeHashes.TryGetValue(type, out var t)) _typeHashes[type] = t = Hash(Offset, type.FullName ?? type.Name);
            ulong content = message is IDigestible d ? d.DigestValue : 0;
            _hash = Mix(Mix(Mix(Mix(_hash, (ulong)_clock.Now.Ticks), receiver), t), content);
            _digested++;
        }
    }

    private static ulong Hash(ulong h, string text)
    {
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            h ^= b;
            h *= Prime;
        }
        return h;
    }

    private static ulong Mix(ulong h, ulong v)
    {
        for (int i = 0; i < 8; i++)
        {
            h ^= (byte)(v >> (i * 8));
            h *= Prime;
        }
        return h;
    }
}

public sealed class DeliveryTraceId : ExtensionIdProvider<DeliveryTrace>
{
    public override DeliveryTrace CreateExtension(ExtendedActorSystem system) => new(system);
}
