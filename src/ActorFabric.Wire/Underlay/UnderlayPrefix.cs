namespace ActorFabric.Wire.Underlay;

/// <summary>
/// An IPv4 prefix in host byte order (<c>10.0.0.1/32</c> is <c>0x0A000001</c>, 32).
/// Kept as a compact value so the link-state database and route tables hold no objects per prefix.
/// </summary>
public readonly record struct UnderlayPrefix(uint Address, byte Length) : IComparable<UnderlayPrefix>
{
    /// <summary>A host route (/32) to one address, e.g. a loopback or VTEP.</summary>
    public static UnderlayPrefix Host(uint address) => new(address, 32);

    /// <summary>The network mask for <see cref="Length"/> (0 for /0).</summary>
    public uint Mask => Length == 0 ? 0u : uint.MaxValue << (32 - Length);

    /// <summary>True when <paramref name="address"/> falls inside this prefix.</summary>
    public bool Contains(uint address) => (address & Mask) == (Address & Mask);

    public int CompareTo(UnderlayPrefix other)
    {
        int c = Address.CompareTo(other.Address);
        return c != 0 ? c : Length.CompareTo(other.Length);
    }

    /// <summary>Dotted-quad text of an address in host byte order.</summary>
    public static string FormatAddress(uint address) =>
        $"{address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}";

    public override string ToString() => $"{FormatAddress(Address)}/{Length}";
}
