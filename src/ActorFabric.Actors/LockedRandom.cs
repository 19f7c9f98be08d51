namespace ActorFabric.Actors;

/// <summary>A seeded <see cref="Random"/> safe to share between pool threads (real-time mode).</summary>
internal sealed class LockedRandom(int seed) : Random(seed)
{
    private readonly object _gate = new();

    public override int Next() { lock (_gate) return base.Next(); }

    public override int Next(int maxValue) { lock (_gate) return base.Next(maxValue); }

    public override int Next(int minValue, int maxValue) { lock (_gate) return base.Next(minValue, maxValue); }

    public override long NextInt64() { lock (_gate) return base.NextInt64(); }

    public override long NextInt64(long maxValue) { lock (_gate) return base.NextInt64(maxValue); }

    public override long NextInt64(long minValue, long maxValue) { lock (_gate) return base.NextInt64(minValue, maxValue); }

    public override double NextDouble() { lock (_gate) return base.NextDouble(); }

    public override float NextSingle() { lock (_gate) return base.NextSingle(); }

    public override void NextBytes(byte[] buffer) { lock (_gate) base.NextBytes(buffer); }

    public override void NextBytes(Span<byte> buffer) { lock (_gate) base.NextBytes(buffer); }

    protected override double Sample() { lock (_gate) return base.Sample(); }
}
