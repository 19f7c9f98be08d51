using ActorFabric.Actors;
using ActorFabric.Wire.Hashing;

namespace ActorFabric.Fabric.Runtime;

/// <summary>
/// Folds every delivery (emulated time, receiver path, message type) into one FNV-1a 64 value. Path and type
/// hashes are cached per object so the per-delivery cost is a few multiplications. Stable across processes:
/// no string.GetHashCode anywhere.
/// </summary>
internal sealed class TraceDigestAccumulator
{
    private readonly Dictionary<ActorPath, ulong> _pathHashes = new();
    private readonly Dictionary<Type, ulong> _typeHashes = new();
    private readonly object _gate = new();
    private ulong _hash = 0xcbf29ce484222325;
    private long _events;

    public void Record(TimeSpan now, ActorPath? sender, ActorPath receiver, object message)
    {
        lock (_gate)
        {
            if (!_pathHashes.TryGetValue(receiver, out var p)) _pathHashes[receiver] = p = Fnv1a.Hash64(receiver.ToString());
            var type = message.GetType();
            if (!_typeHashes.TryGetValue(type, out var t)) _typeHashes[type] = t = Fnv1a.Hash64(type.FullName ?? type.Name);
            ulong content = message is IDigestible d ? d.DigestValue : 0;
            _hash = Mix(Mix(Mix(Mix(_hash, (ulong)now.Ticks), p), t), content);
            _events++;
        }
    }

    public string Hex
    {
        get { lock (_gate) return _hash.ToString("x16"); }
    }

    public long Events
    {
        get { lock (_gate) return _events; }
    }

    private static ulong Mix(ulong h, ulong v)
    {
        for (int i = 0; i < 8; i++)
        {
            h ^= (byte)(v >> (i * 8));
            h *= 0x100000001b3;
        }
        return h;
    }
}
