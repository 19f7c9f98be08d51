namespace ActorFabric.Wire.Hashing;

/// <summary>
/// Pure, stable choice of one of N equal-cost next hops from a flow hash. Never uses
/// <see cref="object.GetHashCode"/>, so the same inputs pick the same path in every process.
/// </summary>
public static class EcmpSelector
{
    /// <summary>
    /// Index in [0, <paramref name="count"/>) by multiply-shift (hash × N / 2^32): uses the high bits
    /// and has a bias below N/2^32. Flows move when N changes, like hardware ECMP groups.
    /// </summary>
    public static int Select(uint flowHash, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return (int)(((ulong)flowHash * (uint)count) >> 32);
    }

    /// <summary>
    /// Rendezvous (highest-random-weight) choice among next hops identified by stable keys (e.g. a
    /// neighbour's router ID or an FNV hash of its name): removing one next hop moves only the
    /// flows that used it. Ties break to the lower index. Returns -1 for an empty set.
    /// </summary>
    public static int SelectRendezvous(uint flowHash, ReadOnlySpan<uint> nextHopKeys)
    {
        int best = -1;
        uint bestWeight = 0;
        for (int i = 0; i < nextHopKeys.Length; i++)
        {
            uint weight = HashMixer.Mix(flowHash ^ HashMixer.Mix(nextHopKeys[i] + 0x9E3779B9));
            if (best < 0 || weight > bestWeight)
            {
                best = i;
                bestWeight = weight;
            }
        }
        return best;
    }
}
