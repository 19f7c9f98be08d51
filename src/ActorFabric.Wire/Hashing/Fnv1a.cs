using System.Text;

namespace ActorFabric.Wire.Hashing;

/// <summary>
/// FNV-1a 32- and 64-bit (Fowler/Noll/Vo; draft-eastlake-fnv). Stable across processes and
/// machines, unlike <see cref="string.GetHashCode()"/>; use it for anything a replay must reproduce.
/// Incremental use: start from <see cref="Offset32"/>/<see cref="Offset64"/> and chain Append.
/// </summary>
public static class Fnv1a
{
    public const uint Offset32 = 2166136261;
    public const uint Prime32 = 16777619;
    public const ulong Offset64 = 14695981039346656037;
    public const ulong Prime64 = 1099511628211;

    public static uint Hash32(ReadOnlySpan<byte> data) => Append32(Offset32, data);

    public static ulong Hash64(ReadOnlySpan<byte> data) => Append64(Offset64, data);

    public static uint Append32(uint hash, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data) hash = (hash ^ b) * Prime32;
        return hash;
    }

    public static ulong Append64(ulong hash, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data) hash = (hash ^ b) * Prime64;
        return hash;
    }

    /// <summary>FNV-1a 32 of the string's UTF-8 bytes (e.g. a device name as a per-device seed).</summary>
    public static uint Hash32(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        uint hash = Offset32;
        Span<byte> buffer = stackalloc byte[MaxChunkBytes];
        for (int position = 0; position < text.Length;)
            hash = Append32(hash, buffer[..EncodeChunk(text, ref position, buffer)]);
        return hash;
    }

    /// <summary>FNV-1a 64 of the string's UTF-8 bytes.</summary>
    public static ulong Hash64(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ulong hash = Offset64;
        Span<byte> buffer = stackalloc byte[MaxChunkBytes];
        for (int position = 0; position < text.Length;)
            hash = Append64(hash, buffer[..EncodeChunk(text, ref position, buffer)]);
        return hash;
    }

    private const int ChunkChars = 64;
    private const int MaxChunkBytes = ChunkChars * 3;

    // Encodes up to 64 chars (at most 192 UTF-8 bytes) without splitting a surrogate pair.
    private static int EncodeChunk(string text, ref int position, Span<byte> buffer)
    {
        int take = Math.Min(ChunkChars, text.Length - position);
        if (take > 1 && position + take < text.Length && char.IsHighSurrogate(text[position + take - 1])) take--;
        int written = Encoding.UTF8.GetBytes(text.AsSpan(position, take), buffer);
        position += take;
        return written;
    }
}
