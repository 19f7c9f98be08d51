namespace ActorFabric.Wire.Hashing;

/// <summary>
/// A 32-bit avalanche finaliser (MurmurHash3 fmix32): FNV-1a's low and high bits are weakly
/// mixed for short keys, and ECMP/port selection read high bits, so every flow hash goes through it.
/// </summary>
public static class HashMixer
{
    public static uint Mix(uint h)
    {
        h ^= h >> 16;
        h *= 0x85EBCA6B;
        h ^= h >> 13;
        h *= 0xC2B2AE35;
        h ^= h >> 16;
        return h;
    }
}
