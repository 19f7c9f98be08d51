namespace ActorFabric.Wire.Hashing;

/// <summary>
/// CRC-32 as used by IEEE 802.3 and zlib (reflected polynomial 0xEDB88320, init and final XOR
/// 0xFFFFFFFF). Check value: CRC-32("123456789") = 0xCBF43926.
/// </summary>
public static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>Continues a CRC: <c>Append(Compute(a), b) == Compute(a ++ b)</c>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        uint state = ~crc;
        var table = Table;
        foreach (byte b in data) state = table[(byte)(state ^ b)] ^ (state >> 8);
        return ~state;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        return table;
    }
}
