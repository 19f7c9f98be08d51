using System.Collections.Concurrent;

namespace ActorFabric.Protocols.Bgp.Speaker;

/// <summary>
/// Maps equal values to one shared instance. Thread-safe, because in real-time mode the speakers sharing a pool
/// run concurrently on the thread pool; a hit (the common case) is a lock-free read. Bounded: past the capacity
/// the pool is emptied and refills, since forgetting an entry only costs sharing, never correctness. Which of
/// two equal instances a caller gets back is not observable, so nothing here can affect determinism.
/// </summary>
internal sealed class InternPool<T> where T : class
{
    private readonly ConcurrentDictionary<T, T> _values;
    private readonly int _capacity;
    private int _count;

    public InternPool(int capacity, IEqualityComparer<T>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
        _values = new ConcurrentDictionary<T, T>(comparer);
    }

    /// <summary>Number of values held (approximate while other threads intern).</summary>
    public int Count => Volatile.Read(ref _count);

    public T Intern(T value)
    {
        if (_values.TryGetValue(value, out var shared)) return shared;
        if (Volatile.Read(ref _count) >= _capacity)
        {
            _values.Clear();
            Volatile.Write(ref _count, 0);
        }
        if (_values.TryAdd(value, value))
        {
            Interlocked.Increment(ref _count);
            return value;
        }
        // Another thread added an equal value in between (or cleared the pool): either instance is correct.
        return _values.TryGetValue(value, out shared) ? shared : value;
    }
}
