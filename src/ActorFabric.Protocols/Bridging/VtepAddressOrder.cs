using System.Net;

namespace ActorFabric.Protocols.Bridging;

/// <summary>
/// Numeric order of IP addresses (IPv4 before IPv6, then by bytes). Used wherever "lowest VTEP IP" decides
/// something (RFC 7432 §15.1 tie-break) and to keep flood lists in a stable, process-independent order.
/// </summary>
public sealed class VtepAddressOrder : IComparer<IPAddress>
{
    public static readonly VtepAddressOrder Instance = new();

    public int Compare(IPAddress? x, IPAddress? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        Span<byte> a = stackalloc byte[16];
        Span<byte> b = stackalloc byte[16];
        x.TryWriteBytes(a, out var na);
        y.TryWriteBytes(b, out var nb);
        if (na != nb) return na.CompareTo(nb);
        return a[..na].SequenceCompareTo(b[..nb]);
    }
}
